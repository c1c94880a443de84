import VigilCore
import VigilEvaluation
import VigilRecords

extension PolicySet {
  /// Each record field the policies read, in the order the program reads them, with the
  /// policies that read it (in source order).
  package var fieldsRead: [(field: FieldPath, policies: [String])] { checked.fieldsRead }

  /// Which fields of the policies' layout (for `idField`) some record of `input` has
  /// (`CheckedProgram.fieldPresence`): what `vigil check --data` judges an input by.
  package func fieldPresence(
    input: ByteInput, format: InputFormat, idField: FieldPath, names: [FieldPath]
  ) -> FieldPresence {
    checked.fieldPresence(input: input, format: format, idField: idField, names: names)
  }

  /// The warnings about the fields of one input (`CheckedProgram.dataWarnings`).
  package func dataWarnings(
    _ presence: FieldPresence, input: String, idField: FieldPath, idGiven: Bool,
    idOption: String? = nil
  ) -> [DataWarning] {
    checked.dataWarnings(
      presence, input: input, idField: idField, idGiven: idGiven, idOption: idOption)
  }
}
