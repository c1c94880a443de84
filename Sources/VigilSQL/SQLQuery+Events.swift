import VigilSemantics

/// Event logs (Grammar.md, "Event logs") as SQL: each policy of an `events per …` file is a
/// group policy whose groups are cases, grouped from the event rows as any group policy's
/// records are, except which events count and which data errors each policy lists.
extension SQLQuery {
  /// The events of a case of the policy at `index`, as the audit reads them: an event stamped
  /// after now has not happened yet and is left out; an event whose time is missing or
  /// cannot be read counts (in `count`, not in `first`, `last` or `earliest`). An event whose
  /// case cannot be told (a data error of its key) is left out, and so is one whose time
  /// cannot be read unless its case is named by one field as it is and that field is present
  /// (the audit finds such a case before it looks at the errors).
  mutating func caseMembers(_ group: CheckedGroup, _ index: Int) throws -> GroupMembers {
    // INVARIANT: the checker requires `ordered by` in an events file.
    let time = try compiler.compile(group.order!)
    guard time.kind == .time || time.kind == .null else {
      throw SQLGap("events ordered by \(compiler.describe(time.kind))", at: .grouping)
    }
    let happened = "(\(time.sql) IS NULL OR \(time.sql) <= vigil_now)"
    var keys: [SQLValue] = []
    var early = time.errors
    for key in group.keys {
      let value = try compiler.compile(key)
      guard value.kind != .null else { throw SQLGap("a key that is always missing", at: .grouping) }
      keys.append(value)
      early += value.errors
    }
    var counted = happened
    if let failed = SQLValue("", .null, errors: early).anyError() {
      if keys.count == 1, case .field(_, .raw) = group.keys[0] {
        counted += " AND (\(keys[0].sql) IS NOT NULL OR NOT \(failed))"
      } else {
        counted += " AND NOT \(failed)"
      }
    }
    // The first policy over the cases reads each event's time and key, and lists their
    // errors; the others find the event's case from it, and list those errors only for an
    // event it left out (reading them again).
    let first = program.policies.firstIndex {
      $0.group?.caseFile == group.caseFile && $0.group?.followUp == nil
    }
    let errors = gated(early, first == index ? happened : "\(happened) AND NOT (\(counted))")
    return GroupMembers(
      reached: counted, told: counted, keys: keys, window: nil, zoned: nil, errors: errors)
  }
}
