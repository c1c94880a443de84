/// `vigil explain`: why each policy did or did not fire for one record.
extension PolicySet {
  /// The policies at `paths`, checked so that `explain` can show each part of each condition.
  /// - Throws: `Diagnostics` holding every error (and warning) found.
  public static func explaining(
    contentsOf paths: [String], knownFields: Set<FieldPath>? = nil
  ) throws(Diagnostics) -> PolicySet {
    PolicySet(
      checked: try check(loader(for: paths), knownFields: knownFields, tracing: true))
  }

  /// Whether the policy named `name` judges groups (or sequences) of records, so that its
  /// verdict on a record needs the whole audit (`explain`'s `audited`).
  public func judgesGroups(_ name: String) -> Bool {
    checked.policies.first { $0.name == name }?.group != nil
  }

  /// Explains, for the first record of `input` whose id is `id` (or which is named
  /// `name:line`), each policy named in `policies` (all when nil): its verdict and its
  /// condition part by part. `audited` and `shortfalls` are what a whole audit of the same
  /// records found (violations, groups too small to judge), for group and sequence policies. Nil when no record has that id. The set must come from
  /// `explaining(contentsOf:)`.
  public func explain(
    record id: String, input: ByteInput, format: InputFormat, name: String, now: Int64,
    idField: FieldPath, policies names: [String]? = nil, directory: Directory? = nil,
    audited: [Violation] = [], shortfalls: [GroupShortfall] = []
  ) -> Explanation? {
    let explainer = Explainer(checked, idField: idField)
    var reader: any RecordReader =
      format == .csv
      ? CSVReader(input: input, layout: explainer.layout)
      : JSONLinesReader(input: input, layout: explainer.layout)
    let frame = Frame(slots: explainer.layout.count, now: now, directory: directory)
    while let item = reader.next() {
      guard case .record(let record) = item else { continue }
      for (slot, value) in record.values.enumerated() { frame.values[slot] = value }
      let recordID = explainer.program.recordID(frame, input: name, line: record.line)
      guard recordID == id || "\(name):\(record.line)" == id else { continue }
      let indices = checked.policies.indices.filter { index in
        names.map { $0.contains(checked.policies[index].name) } ?? true
      }
      return Explanation(
        record: recordID, input: name, line: record.line, now: now,
        policies: explainer.explain(
          frame, policies: indices, record: recordID, input: name, line: record.line,
          found: audited, shortfalls: shortfalls))
    }
    return nil
  }

  /// Explains one record given as fields (nested records for dotted paths), named `id`, for
  /// the policies named in `policies` (all when nil). The set must come from
  /// `explaining(contentsOf:)`.
  public func explain(
    fields: [String: Value], id: String, now: Int64, policies names: [String]? = nil,
    directory: Directory? = nil, audited: [Violation] = [], shortfalls: [GroupShortfall] = []
  ) -> Explanation {
    let explainer = Explainer(checked, idField: FieldPath("id"))
    let frame = Frame(slots: explainer.layout.count, now: now, directory: directory)
    for (slot, path) in explainer.layout.fields.enumerated() {
      frame.values[slot] = Self.lookup(path, in: fields)
    }
    let indices = checked.policies.indices.filter { index in
      names.map { $0.contains(checked.policies[index].name) } ?? true
    }
    return Explanation(
      record: id, input: "records", line: 0, now: now,
      policies: explainer.explain(
        frame, policies: indices, record: id, input: "records", line: 0, found: audited,
        shortfalls: shortfalls))
  }
}
