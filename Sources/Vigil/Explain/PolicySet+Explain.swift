import VigilCore
import VigilEvaluation
import VigilRecords
import VigilSyntax

/// `vigil explain`: why each policy did or did not fire for one record.
extension PolicySet {
  /// The policies at `paths`, checked so that `explain` can show each part of each condition;
  /// `root` as for `init(contentsOf:)`.
  /// - Throws: `Diagnostics` holding every error (and warning) found.
  package static func explaining(
    contentsOf paths: [String], root: String? = nil, rootOption: String? = nil,
    knownFields: Set<FieldPath>? = nil
  ) throws(Diagnostics) -> PolicySet {
    let loader = try loader(for: paths, root: root, rootOption: rootOption)
    return PolicySet(
      checked: try check(loader, knownFields: knownFields, tracing: true), sources: loader.sources)
  }

  /// Whether the policy named `name` is a sequence policy (`unless followed by`): it judges
  /// single records, each in its group.
  package func judgesSequences(_ name: String) -> Bool {
    checked.policies.first { $0.name == name }?.group?.followUp != nil
  }

  /// Whether the policy named `name` judges groups (or sequences) of records, so that its
  /// verdict on a record needs the whole audit (`explain`'s `audited`).
  package func judgesGroups(_ name: String) -> Bool {
    checked.policies.first { $0.name == name }?.group != nil
  }

  /// Explains, for the first record of `input` whose id is `id` (or which is named
  /// `name:line`), each policy named in `policies` (all when nil): its verdict and its
  /// condition part by part. Every record is read, so that a group or sequence policy's
  /// verdict, and its group's aggregates, are those of the whole audit. Nil when no record
  /// has that id. A line (or CSV record) longer than `maxLineBytes` is skipped unread. The set
  /// must come from `explaining(contentsOf:)`.
  package func explain(
    record id: String, input: ByteInput, format: InputFormat, name: String, now: Int64,
    idField: FieldPath, policies names: [String]? = nil, directory: Directory? = nil,
    maxLineBytes: Int = LineLimit.defaultBytes, limitOption: String? = nil
  ) -> Explanation? {
    let explainer = Explainer(checked, idField: idField)
    // The audit's own driver reads every record (the groups of group and sequence policies
    // are those of the whole audit) and hands back the record explained.
    var options = AuditOptions(now: now, idField: idField, directory: directory)
    options.maxLineBytes = maxLineBytes
    options.limitOption = limitOption
    options.selecting = id
    let driver = AuditDriver(checked, options: options, layout: explainer.layout)
    var tally = driver.newTally()
    var selected: SelectedRecord?
    _ = driver.run(
      input: input, format: format, name: name, groups: &tally, selected: &selected
    ) { _ in nil }
    guard let target = selected else { return nil }
    let frame = Frame(slots: explainer.layout.count, now: now, directory: directory)
    for (slot, value) in target.values.enumerated() { frame.values[slot] = value }
    var explanation = Explanation(
      record: target.id, input: name, line: target.line, now: now,
      policies: explain(
        frame, explainer, names, record: target.id, input: name, line: target.line, tally))
    if target.isCase { explanation.caseName = id }
    return explanation
  }

  /// Explains the record named `id` among `records` (fields by name, nested records for
  /// dotted paths), for the policies named in `policies` (all when nil); the group and
  /// sequence policies judge all of `records`. Nil when no record has that id. The set must
  /// come from `explaining(contentsOf:)`.
  package func explain(
    record id: String, among records: [[String: Value]], now: Int64,
    policies names: [String]? = nil, directory: Directory? = nil
  ) -> Explanation? {
    let explainer = Explainer(checked, idField: FieldPath("id"))
    let frame = Frame(slots: explainer.layout.count, now: now, directory: directory)
    var tally = AuditTally(explainer.program.tallyShape)
    func fill(_ record: [String: Value]) {
      for (slot, path) in explainer.layout.fields.enumerated() {
        frame.values[slot] = path.lookup(in: record)
      }
    }
    for (index, record) in records.enumerated() {
      fill(record)
      explainer.program.tally(frame, into: &tally, input: "records", line: index + 1) { _ in }
    }
    guard let index = records.firstIndex(where: { $0["id"] == .text(id) }) else { return nil }
    fill(records[index])
    return Explanation(
      record: id, input: "records", line: index + 1, now: now,
      policies: explain(
        frame, explainer, names, record: id, input: "records", line: index + 1, tally))
  }

  /// The explanations of the record in `frame`, with the groups of `tally` judged.
  private func explain(
    _ frame: Frame, _ explainer: Explainer, _ names: [String]?, record: String, input: String,
    line: Int, _ tally: AuditTally
  ) -> [PolicyExplanation] {
    var found: [Violation] = []
    var shortfalls: [GroupShortfall] = []
    var pauses: [PauseFinding] = []
    explainer.program.judge(tally, now: frame.now, directory: frame.directory) { finding in
      switch finding {
      case .violation(let violation): found.append(violation)
      case .pause(let pause): pauses.append(pause)
      case .notEnoughData(let shortfall): shortfalls.append(shortfall)
      default: break
      }
    }
    let indices = checked.policies.indices.filter { index in
      names.map { $0.contains(checked.policies[index].name) } ?? true
    }
    return explainer.explain(
      frame, policies: indices, record: record, input: input, line: line, found: found,
      shortfalls: shortfalls, tally: tally, groupPauses: pauses)
  }

  /// The groups (as reports name them: keys, and window after "in") that the group policy
  /// named `policy` forms from `records` as of `now`; empty for other policies.
  package func groupNames(
    of policy: String, among records: [[String: Value]], now: Int64
  ) -> Set<String> {
    let program = Program(checked, idField: FieldPath("id"))
    guard let compiled = program.groupPolicies.first(where: { $0.name == policy }) else {
      return []
    }
    let frame = Frame(slots: program.layout.count, now: now, directory: nil)
    var names: Set<String> = []
    for record in records {
      for (slot, path) in program.layout.fields.enumerated() {
        frame.values[slot] = path.lookup(in: record)
      }
      if let name = program.groupName(of: frame, compiled) { names.insert(name) }
    }
    return names
  }
}
