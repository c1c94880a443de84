import VigilCore
import VigilRecords
import VigilSemantics

/// What an input says about the fields the policies read: which some record has, which are
/// given twice, and the names the data does have.
package struct FieldPresence: Sendable {
  /// Which of the layout's fields some record has, and which are given twice.
  package var marks: FieldMarks
  /// The fields the data has (CSV: the header; JSON Lines: the first 1,000 records), for
  /// "did you mean".
  package var names: [FieldPath]
  /// Whether the input is CSV (a repeat is a column named twice, not a key given twice).
  package var csv: Bool
}

extension CheckedProgram {
  /// Each record field the policies read, in the order the program reads them, with the
  /// policies that read it (in source order).
  package var fieldsRead: [(field: FieldPath, policies: [String])] {
    // Each policy compiled on its own says which fields it reads; the placeholder id field
    // (no field can have that name: it holds a NUL) keeps the id field out of the list.
    let placeholder = FieldPath(["\u{0}"])
    var readers: [FieldPath: [String]] = [:]
    for policy in policies {
      var single = self
      single.policies = [policy]
      for field in Program(single, idField: placeholder).layout.fields where field != placeholder {
        readers[field, default: []].append(policy.name)
      }
    }
    let order = Program(self, idField: placeholder).layout.fields
    return order.compactMap { field in readers[field].map { (field, $0) } }
  }

  /// Which fields of the policies' layout (for `idField`) some record of `input` has, read
  /// with the audit's own reader: for CSV the header, for JSON Lines every record. `names`
  /// are the fields a sample of the data has (`FieldSampler`), for JSON Lines; CSV's are
  /// its header's.
  package func fieldPresence(
    input: ByteInput, format: InputFormat, idField: FieldPath, names: [FieldPath]
  ) -> FieldPresence {
    let layout = Program(self, idField: idField).layout
    switch format {
    case .csv:
      let reader = CSVReader(input: input, layout: layout)
      _ = reader.readHeader()
      return FieldPresence(
        marks: reader.fieldMarks, names: FieldPresence.names(columns: reader.columns), csv: true)
    case .jsonl:
      let reader = JSONLinesReader(input: input, layout: layout)
      let values = UnsafeMutableBufferPointer<Value>.allocate(capacity: max(layout.count, 1))
      values.initialize(repeating: .null)
      defer {
        values.deinitialize()
        values.deallocate()
      }
      while reader.read(into: values) != .end {}
      return FieldPresence(marks: reader.fieldMarks, names: names, csv: false)
    }
  }

  /// The warnings about the fields of one input: the fields read that no record has, the
  /// fields read that a record gives twice, and (an error) an `--id` field no record has when
  /// `idGiven`. `vigil check --data` and `vigil audit` both judge an input with this.
  package func dataWarnings(
    _ presence: FieldPresence, input: String, idField: FieldPath, idGiven: Bool,
    idOption: String? = nil
  ) -> [DataWarning] {
    let layout = Program(self, idField: idField).layout
    func seen(_ field: FieldPath) -> Bool {
      layout.existingSlot(for: field).map { presence.marks.seen[$0] } ?? false
    }
    // Who reads what is worked out (each policy compiled on its own) only when in doubt.
    let doubtful =
      presence.marks.seen.contains(false) || presence.marks.repeats.contains { $0 != nil }
    let read = doubtful ? fieldsRead : []
    var warnings = DataWarning.missingFields(
      read: read, seen: seen, names: presence.names, input: input)
    for (field, policies) in read {
      guard let slot = layout.existingSlot(for: field), let found = presence.marks.repeats[slot]
      else { continue }
      warnings.append(
        presence.csv
          ? DataWarning.repeatedColumn(field, found, policies: policies, input: input)
          : DataWarning.repeatedKey(field, found, policies: policies, input: input))
    }
    if idGiven, !seen(idField) {
      warnings.append(
        DataWarning.missingIDField(
          idField, names: presence.names, input: input, idOption: idOption))
    }
    return warnings
  }
}

extension FieldPresence {
  /// The header's columns as paths, each split at its dots (as a layout path matches them).
  package static func names(columns: [String]) -> [FieldPath] {
    Set(
      columns.map { column in
        FieldPath(column.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
      }
    ).sorted()
  }
}

extension DataWarning {
  /// A field the policies read with several columns of its name in a CSV header.
  package static func repeatedColumn(
    _ field: FieldPath, _ found: FieldMarks.Repeat, policies: [String], input: String
  ) -> DataWarning {
    let columns = found.columns
    let listed =
      columns.dropLast().map(String.init).joined(separator: ", ") + " and \(columns.last ?? 0)"
    let times = columns.count == 2 ? "twice" : "\(columns.count) times"
    return DataWarning(
      code: .repeatedField, input: input,
      message:
        "column '\(field.dotted)' is in the header of \(input) \(times) (columns \(listed)); "
        + "column \(columns.first ?? 0), the first, is read: rename the other in the export",
      fields: [field.description], policies: policies, count: columns.count)
  }

  /// A field the policies read given twice in one object of a JSON Lines record.
  package static func repeatedKey(
    _ field: FieldPath, _ found: FieldMarks.Repeat, policies: [String], input: String
  ) -> DataWarning {
    let more = found.records - 1
    let others = more == 0 ? "" : more == 1 ? " (and 1 more record)" : " (and \(more) more records)"
    return DataWarning(
      code: .repeatedField, input: input,
      message:
        "key '\(field.description)' is given twice in the record on line \(found.firstLine) of "
        + "\(input)\(others); the last one is read",
      fields: [field.description], policies: policies, lines: [found.firstLine],
      count: found.records)
  }
}
