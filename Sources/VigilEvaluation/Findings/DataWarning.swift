import VigilCore

/// Something about an input as a whole that makes its audit doubtful: a field the policies
/// read that no record has, a field given twice in a record, records that share an id, no
/// policies at all. The audit goes on; under `--strict` each is an error.
public struct DataWarning: Sendable, Hashable {
  /// What kind of doubt.
  public enum Code: String, Sendable, Hashable {
    /// A field the policies read is in no record of the input.
    case unknownField = "unknown-field"
    /// The `--id` field is in no record of the input.
    case unknownIDField = "unknown-id-field"
    /// A field the policies read is given twice: a CSV column named twice, a JSON key twice
    /// in one object.
    case repeatedField = "repeated-field"
    /// Several records of the input have the same id.
    case repeatedID = "repeated-id"
    /// The policy files hold no policy.
    case noPolicies = "no-policies"
  }

  /// What kind of doubt.
  public var code: Code
  /// The input it is about (as named on the command line), or nil for the policies.
  public var input: String?
  /// What is wrong, in one sentence.
  public var message: String
  /// The fields concerned, as a policy writes them.
  public var fields: [String] = []
  /// The policies that read them, in source order.
  public var policies: [String] = []
  /// The closest name the data does have, for a field no record has.
  public var suggestion: String?
  /// The lines concerned, first ones first (a repeated key's or id's records).
  public var lines: [Int] = []
  /// How many records or places it concerns, when more than `lines` shows.
  public var count: Int = 0

  /// A warning.
  package init(
    code: Code, input: String?, message: String, fields: [String] = [], policies: [String] = [],
    suggestion: String? = nil, lines: [Int] = [], count: Int = 0
  ) {
    self.code = code
    self.input = input
    self.message = message
    self.fields = fields
    self.policies = policies
    self.suggestion = suggestion
    self.lines = lines
    self.count = count
  }

  /// The warning for a policy set with no policy in it.
  package static let noPolicies = DataWarning(
    code: .noPolicies, input: nil,
    message: "no policies to audit: the policy files hold no policy, so no record can break one")
}

extension DataWarning {
  /// The warnings for the fields read that no record of `input` has: the one decision that
  /// `vigil check --data` and `vigil audit` share.
  ///
  /// - Parameters:
  ///   - read: each field the policies read, with the policies that read it.
  ///   - seen: whether some record of the input has the field.
  ///   - names: the fields the data has (a sample), for "did you mean".
  ///   - input: the input's name.
  package static func missingFields(
    read: [(field: FieldPath, policies: [String])], seen: (FieldPath) -> Bool,
    names: [FieldPath], input: String
  ) -> [DataWarning] {
    let candidates = names.map(\.description)
    return read.filter { !seen($0.field) }.map { field, policies in
      let suggestion = Suggestions.closest(to: field.description, in: candidates)
      return DataWarning(
        code: .unknownField, input: input,
        message: "field '\(field.description)' is in no record of \(input)"
          + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
        fields: [field.description], policies: policies, suggestion: suggestion)
    }
  }

  /// The error for an id field named on purpose that no record of `input` has; `idOption`
  /// is the setting that names it (the command line's `--id`), nil for none.
  package static func missingIDField(
    _ field: FieldPath, names: [FieldPath], input: String, idOption: String? = nil
  ) -> DataWarning {
    let suggestion = Suggestions.closest(
      to: field.description, in: names.map(\.description))
    let hint =
      suggestion.map { "did you mean '\($0)'?" }
      ?? "name the field that identifies a record" + (idOption.map { " with \($0) FIELD" } ?? "")
    return DataWarning(
      code: .unknownIDField, input: input,
      message:
        "\(idOption ?? "the id") field '\(field.description)' is in no record of \(input); \(hint)",
      fields: [field.description], suggestion: suggestion)
  }
}
