import VigilCore
import VigilSemantics

/// `time(text, pattern, zone)`: the pattern written as a regular expression that the text must
/// match whole (one group per field), the fields read as integers and checked as Vigil checks
/// them, and the local time resolved in the zone by Vigil's own table of its clock changes.
extension SQLCompiler {
  /// The instant `value` names read with `pattern` in `zone`; an empty text is missing, and a
  /// text that does not match is a data error. Over records, it is a column computed once
  /// per record (`derivedColumn`).
  mutating func patternTime(_ value: SQLValue, _ pattern: TimePattern, _ zone: ZoneRules) throws
    -> SQLValue
  {
    switch value.kind {
    case .null, .time: return value
    case .text: break
    default:
      throw SQLGap("time() of \(describe(value.kind))", at: .call("time"))
    }
    let reading = try SQLTimePattern(pattern)
    let x = value.sql
    let local = reading.localTime(x, dialect: dialect, text: text)
    let instant = try zoned(local, zone)
    // Computed once per record, as a column: the zone's table is long.
    let time = derivedColumn("(CASE WHEN \(x) <> '' THEN \(instant) END)")
    let message = quoted(
      "cannot read '", x, "' with the pattern " + "\"\(pattern.pattern)\"")
    let error = SQLDataError(
      when: "(\(x) IS NOT NULL AND \(x) <> '' AND \(time) IS NULL)", field: "time()", value: x,
      message: message)
    return SQLValue(time, .time, errors: value.errors + [error])
  }

  /// The instant of the local time `local` (milliseconds of the civil epoch) in `zone`, by
  /// Vigil's rules: a repeated local time takes the earlier offset, a skipped one moves
  /// forward by the gap. Where the clocks change, the offset is a CASE over the local times
  /// at which it changes: the later of the two local readings of each change.
  func zoned(_ local: String, _ zone: ZoneRules) throws -> String {
    guard let table = Self.localOffsets(zone) else {
      throw SQLGap(
        "time() in the zone \"\(zone.identifier)\"", at: .call("time"),
        reason: "its clock changes are too close together for a table of local times")
    }
    guard table.offsets.count > 1 else { return "(\(local) - \(table.offsets[0]))" }
    return try lookUp(local, zone) { column in
      let offset = Self.offsetTree(column, table.breakpoints[...], table.offsets[...])
      guard let limit = table.limit else { return "\(column) - \(offset)" }
      // Past the table (2200) the clocks still change: no instant is given there.
      return "CASE WHEN \(column) < \(limit) THEN \(column) - \(offset) END"
    }
  }

  /// A zone's offsets as a function of local time: `offsets[i]` applies from
  /// `breakpoints[i - 1]` (a local time) to `breakpoints[i]`; below `limit`, when the table
  /// ends (2200, in a zone whose clocks still change then). Nil when two clock changes are
  /// too close together for such a table.
  package static func localOffsets(_ zone: ZoneRules)
    -> (breakpoints: [Int64], offsets: [Int64], limit: Int64?)?
  {
    let yearOne: Int64 = -62_135_596_800_000
    let horizon: Int64 = 7_258_118_400_000
    var limit: Int64?
    var changes = zone.changes(from: yearOne, through: 253_402_300_799_999)
    if changes == nil {
      changes = zone.changes(from: yearOne, through: horizon - 1)
      limit = horizon - 2 * 86_400_000
    }
    guard let changes else { return nil }
    guard let first = changes.first else {
      return limit == nil ? ([], [zone.offset(at: 0)], nil) : nil
    }
    let offsets = [zone.offset(at: first - 1)] + changes.map(zone.offset(at:))
    guard let breakpoints = localTable(changes, offsets) else { return nil }
    return (breakpoints, offsets, limit)
  }

  /// `body` over the column `vigil_local` holding `local`, computed once (the table's CASE
  /// names the local time at each of its nodes): a scalar subquery, or in Spark, which takes
  /// no such subquery, a lambda's parameter (`transform` of a one-element array).
  func lookUp(_ local: String, _ zone: ZoneRules, _ body: (String) -> String) throws -> String {
    guard dialect != .spark else {
      return "element_at(transform(array(\(local)), vigil_local -> \(body("vigil_local"))), 1)"
    }
    // `OFFSET 0`: PostgreSQL would otherwise copy the local time into each node of the table.
    let fence = dialect == .postgres ? " OFFSET 0" : ""
    return
      "(SELECT \(body("vigil_local")) FROM (SELECT \(local) AS vigil_local\(fence)) AS vigil_zoned)"
  }

  /// For each change, the local time from which the offset after it applies (the later of
  /// the two local readings of the change); nil when two changes' local readings overlap,
  /// where this table would not be Vigil's rule.
  static func localTable(_ changes: [Int64], _ offsets: [Int64]) -> [Int64]? {
    var table: [Int64] = []
    var previousEnd = Int64.min
    for (index, change) in changes.enumerated() {
      let (before, after) = (offsets[index], offsets[index + 1])
      guard change + min(before, after) >= previousEnd else { return nil }
      previousEnd = change + max(before, after)
      table.append(previousEnd)
    }
    return table
  }

  /// The offset in effect at `time`: a CASE searching `changes` by halves, where `offsets`
  /// holds the offset before the first change and after each.
  static func offsetTree(
    _ time: String, _ changes: ArraySlice<Int64>, _ offsets: ArraySlice<Int64>
  ) -> String {
    guard let first = offsets.first, offsets.count > 1 else { return "\(offsets.first ?? 0)" }
    guard offsets.count > 2 else {
      let second = offsets[offsets.startIndex + 1]
      return "(CASE WHEN \(time) < \(changes[changes.startIndex]) THEN \(first) ELSE \(second) END)"
    }
    let middle = offsets.count / 2
    let change = changes[changes.startIndex + middle - 1]
    let before = offsetTree(
      time, changes[changes.startIndex..<(changes.startIndex + middle - 1)],
      offsets[offsets.startIndex..<(offsets.startIndex + middle)])
    let after = offsetTree(
      time, changes[(changes.startIndex + middle)...], offsets[(offsets.startIndex + middle)...])
    return "(CASE WHEN \(time) < \(change) THEN \(before) ELSE \(after) END)"
  }
}
