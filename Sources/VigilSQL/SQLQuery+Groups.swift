import VigilCore
import VigilSemantics
import VigilSyntax

/// The columns a group policy's condition reads: its group's keys, aggregates and their
/// values in the previous window (nil without windows).
struct SQLGroupColumns {
  var keys: [SQLValue]
  var aggregates: [SQLValue]
  var previous: [SQLValue]?
}

/// Group policies (Grammar.md, "Group policies") as SQL: a CTE per policy groups its records
/// (`GROUP BY` its keys and window) into one row per group with its aggregates, and the
/// condition is judged over those rows, each joined to its previous window's.
extension SQLQuery {
  /// A group policy compiled.
  struct CompiledGroup {
    /// The CTE of its groups: `vigil_groups<index>`.
    var cte: String
    /// The rows of its violations.
    var select: String
    /// The data errors its records can meet, in the order the audit meets them.
    var errors: [SQLDataError]
    /// The data errors its groups can meet, over `row`.
    var groupErrors: [SQLDataError]
    /// Its groups as rows to report.
    var row: RowSource
    /// With `reportsAccountability`: the rows of its groups judged and not broken.
    var scope: String? = nil
  }

  /// The number a group policy's rows are ordered by, after every record's rows.
  func groupOrder(_ index: Int) -> Int { program.policies.count + index }

  /// Compiles the group policy at `index`.
  mutating func compileGroup(_ index: Int, _ group: CheckedGroup) throws -> CompiledGroup {
    current = index
    let policy = program.policies[index]
    compiler.group = nil
    let members = try group.caseFile == nil ? groupMembers(group) : caseMembers(group, index)
    var errors = members.errors
    let (reached, keys, window) = (members.reached, members.keys, members.window)
    var aggregates: [SQLAggregate] = []
    for (number, aggregate) in group.aggregates.enumerated() {
      let compiled = try compileAggregate(aggregate, number, reached: reached)
      aggregates.append(compiled)
      errors += compiled.errors
    }
    let cte = groupsCTE(
      index, keys: keys, window: window?.start, zoned: members.zoned, told: members.told,
      aggregates: aggregates)
    // The condition, over one row per group.
    let keyColumns = keys.indices.map { SQLValue("vigil_k\($0)", keys[$0].kind) }
    var aggregateColumns = aggregates.indices.map { SQLValue("vigil_a\($0)", aggregates[$0].kind) }
    if let cycles = group.cycles {
      (aggregateColumns[cycles.start], aggregateColumns[cycles.end]) = Self.cycleColumns
    }
    compiler.group = SQLGroupColumns(
      keys: keyColumns,
      aggregates: aggregateColumns,
      previous: window == nil
        ? nil : aggregates.indices.map { SQLValue("vigil_p\($0)", aggregates[$0].kind) })
    defer { compiler.group = nil }
    compiler.pauses = []
    var rule = try compileCondition(policy)
    // Before the paused clocks are taken: its pending test may sum them too.
    let judging = reportsAccountability ? try judging(policy, rule) : nil
    let pauses = compiler.pauses
    // A group smaller than `at least` is not judged.
    let judged = "vigil_records >= \(group.minimum ?? 1)"
    let groupErrors = gated(rule.condition.errors, judged)
    rule.condition.sql = "\(judged) AND (\(rule.condition.sql))"
    if let warned = rule.warning?.condition.sql {
      rule.warning?.condition.sql = "\(judged) AND (\(warned))"
    }
    var source = judgedGroups(index, keys: keyColumns, window: window, minimum: group.minimum)
    var ctes = cte
    // Judged per cycle: a row per cycle chosen, in the report's order (`vigil_crank`).
    var rows = (table: "vigil_groups\(index)", row: "vigil_rank")
    if let cycles = group.cycles {
      ctes += ",\n" + (try cyclesCTE(index, group, cycles, keys: keys, told: members.told))
      ctes += ",\n" + cycledCTE(index, source, cycles.choice)
      rows = ("vigil_cycled\(index)", "vigil_crank")
      source = rows.table
    }
    // The condition's clocks with honest pauses, whose dishonest pauses are rows.
    let reported = pauses.indices.filter { $0 < rule.conditionPauses && pauses[$0].honest }
    if !pauses.isEmpty {
      ctes +=
        ",\n" + (try pausesCTE(index, group, pauses, keys: keys, told: members.told, in: rows))
      if !reported.isEmpty {
        ctes +=
          ",\n"
          + (try dishonestCTE(index, group, reported, keys: keys, told: members.told))
      }
    }
    if let holding = group.holding {
      ctes +=
        ",\n"
        + (try holdersCTE(
          index, holding,
          marks: caseHolderMarks(group, holding, keys: keys, told: members.told),
          keys: keys.map(\.kind), spanKeys: keys.indices.map { "vigil_k\($0)" },
          judged: (source, rows.row), pauses: pauses))
      source = withHolders(index, source, by: rows.row)
    }
    if !pauses.isEmpty { source = withPauses(index, source, pauses.count, by: rows.row) }
    let name = groupName(keyColumns, window: window?.period)
    var row = RowSource(
      table: "\(source) AS vigil_judged", name: "vigil_judged", record: name,
      window: window.map { compiler.text.windowLabel($0.period, start: "vigil_window") }
        ?? (group.cycles == nil ? nullText : cycleWindow),
      sample: "CAST(vigil_records AS \(dialect.bigint))", order: groupOrder(index),
      row: rows.row)
    var select = violationSelect(index, rule, row)
    if rule.warning != nil { select += "\nUNION ALL\n" + atRiskSelect(index, rule, row) }
    if !reported.isEmpty {
      select +=
        "\nUNION ALL\n"
        + (try pauseSelect(
          index, rule, row, pauses, reported: reported,
          keys: keys.indices.map { "vigil_k\($0)" }, judged: judged))
    }
    if group.cycles != nil, !groupErrors.isEmpty {
      row.table = firstErring(source, groupErrors) + " AS vigil_judged"
    }
    return CompiledGroup(
      cte: ctes, select: select, errors: errors,
      groupErrors: groupErrors, row: row,
      scope: judging.map {
        scopeSelect(index, $0, from: "\(source) AS vigil_judged", where: judged)
      })
  }

  /// Which records a group policy reads, and their groups.
  struct GroupMembers {
    /// SQL condition: the record is read (among the policy's records, its window's time
    /// present and not after now).
    var reached: String
    /// SQL condition: it is read and its group can be told (no data error so far).
    var told: String
    var keys: [SQLValue]
    /// The first day of its window, and the period.
    var window: (start: String, period: Window.Period)?
    /// In a zone whose clocks change: its window's time and offset, columns of their own.
    var zoned: (time: String, offset: String)?
    /// The data errors met so far, in order.
    var errors: [SQLDataError]
  }

  /// The records of a group policy: a record counts when it is among the policy's records,
  /// its window time is present and not after now, and its group can be told.
  mutating func groupMembers(_ group: CheckedGroup) throws -> GroupMembers {
    let scope = try group.scope.map { try compiler.truth(compiler.compile($0)) }
    var errors = scope?.errors ?? []
    var reached = scope.map { "(\($0.sql)) IS TRUE" } ?? "TRUE"
    var window: (start: String, period: Window.Period)?
    var zoned: (time: String, offset: String)?
    if let checked = group.window {
      let time = try compiler.compile(checked.time)
      guard time.kind == .time else {
        throw SQLGap("a window by \(compiler.describe(time.kind))", at: .grouping)
      }
      errors += gated(time.errors, reached)
      reached += " AND \(time.sql) IS NOT NULL AND \(time.sql) <= vigil_now"
      let start: String
      switch try zoneOffsets(checked.zone) {
      case .fixed(let offset):
        start = compiler.text.windowStart(checked.period, instant: time.sql, offset: offset)
      case .changing(let changes, let offsets):
        // The time, then its offset, read once per record (`vigil_wt`, `vigil_wo`).
        zoned = (time.sql, offsetTree("vigil_wt", changes[...], offsets[...]))
        start = compiler.text.windowStart(
          checked.period, instant: "vigil_wt + vigil_wo", offset: 0)
      }
      window = (start, checked.period)
    }
    var keys: [SQLValue] = []
    for key in group.keys {
      let value = try compiler.compile(key)
      guard value.kind != .null else { throw SQLGap("a key that is always missing", at: .grouping) }
      keys.append(value)
      errors += gated(value.errors, reached)
    }
    let told =
      SQLValue("", .null, errors: errors).anyError().map { "\(reached) AND NOT \($0)" }
      ?? reached
    return GroupMembers(
      reached: reached, told: told, keys: keys, window: window, zoned: zoned, errors: errors)
  }

  /// A zone's offsets from UTC: one, or the offset before each change and after it.
  enum ZoneOffsets {
    case fixed(Int64)
    case changing(changes: [Int64], offsets: [Int64])
  }

  /// The zone's offsets over every instant a window can hold. Where its clocks still change
  /// after 2200 (the end of Vigil's table of changes), the windows compile only for a `now`
  /// given before then, which no window's time can be after.
  func zoneOffsets(_ zone: ZoneRules) throws -> ZoneOffsets {
    // Years 1 to 9999, else to 2200.
    let yearOne: Int64 = -62_135_596_800_000
    let horizon: Int64 = 7_258_118_400_000
    var changes = zone.changes(from: yearOne, through: 253_402_300_799_999)
    if changes == nil, let now = options.now, now < horizon {
      changes = zone.changes(from: yearOne, through: horizon - 1)
    }
    guard let changes else {
      throw SQLGap(
        "calendar windows in the zone \"\(zone.identifier)\" with --now param", at: .grouping,
        reason: "its clocks change after 2200; give --now")
    }
    guard let first = changes.first else { return .fixed(zone.offset(at: 0)) }
    if dialect == .spark {
      throw SQLGap(
        "calendar windows in the zone \"\(zone.identifier)\"", at: .grouping,
        reason: "Spark's optimizer copies the zone's table of clock changes into every use")
    }
    return .changing(
      changes: changes, offsets: [zone.offset(at: first - 1)] + changes.map(zone.offset(at:)))
  }

  /// The offset in effect at the instant `time`: a CASE searching `changes` by halves, where
  /// `offsets` holds the offset before the first change and after each.
  func offsetTree(_ time: String, _ changes: ArraySlice<Int64>, _ offsets: ArraySlice<Int64>)
    -> String
  {
    guard let first = offsets.first, offsets.count > 1 else { return "\(offsets.first ?? 0)" }
    guard offsets.count > 2 else {
      return
        "(CASE WHEN \(time) < \(changes[changes.startIndex]) THEN \(first) ELSE \(offsets[offsets.startIndex + 1]) END)"
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

  /// `errors`, met only where `gate` is true.
  func gated(_ errors: [SQLDataError], _ gate: String) -> [SQLDataError] {
    errors.map { error in
      var met = error
      met.when = "((\(gate)) IS TRUE AND COALESCE(\(error.when), FALSE))"
      return met
    }
  }

  /// `vigil_groups<index>`: one row per group of the policy's records, with its keys
  /// (`vigil_k…`), window (`vigil_window`, its first day; 0 without windows), size
  /// (`vigil_records`), aggregates (`vigil_a…`) and place in the report's order
  /// (`vigil_rank`: by keys, missing first, then by window).
  mutating func groupsCTE(
    _ index: Int, keys: [SQLValue], window: String?, zoned: (time: String, offset: String)?,
    told: String, aggregates: [SQLAggregate]
  ) -> String {
    let keyColumns = keys.indices.map { "vigil_k\($0)" }
    var columns = keys.enumerated().map { "\($1.sql) AS vigil_k\($0)" }
    columns.append("\(window ?? "0") AS vigil_window")
    for (number, aggregate) in aggregates.enumerated() {
      if let ranked = aggregate.ranked { columns.append("\(ranked.value) AS vigil_v\(number)") }
      if let time = aggregate.time { columns.append("\(time) AS vigil_o\(number)") }
      if let exact = aggregate.exact { columns.append("\(exact) AS vigil_x\(number)") }
    }
    var records = "vigil_values"
    if let zoned {
      records =
        "(SELECT vigil_timed.*, \(zoned.offset) AS vigil_wo FROM (SELECT vigil_values.*, "
        + "\(zoned.time) AS vigil_wt FROM vigil_values) AS vigil_timed) AS vigil_values"
    }
    var members =
      "SELECT vigil_values.*" + columns.map { ", " + $0 }.joined()
      + " FROM \(records) WHERE \(told)"
    // The values of medians, percentiles, first and last, ranked in their group.
    let partition = "PARTITION BY " + (keyColumns + ["vigil_window"]).joined(separator: ", ")
    // The exponents of numbers summed exactly, then their group's least and greatest.
    let exact = aggregates.indices.filter { aggregates[$0].exact != nil }
    for (layer, name) in ["vigil_g", "vigil_e"].enumerated() where !exact.isEmpty {
      let columns = exact.map {
        let exponents = exactSumExponents($0)
        return ", \(layer == 0 ? exponents.approximate : exponents.exact) AS \(name)\($0)"
      }
      members =
        "SELECT vigil_exp\(layer).*" + columns.joined() + " FROM (\(members)) AS vigil_exp\(layer)"
    }
    var ranks = aggregates.enumerated().compactMap { number, aggregate in
      aggregate.ranked.map { ranked in
        ", row_number() OVER (\(partition) ORDER BY \(ranked.order)) AS vigil_r\(number)"
          + ", COUNT(vigil_v\(number)) OVER (\(partition)) AS vigil_n\(number)"
      }
    }
    ranks += exact.map { exactSumWindows($0, partition: partition) }
    if !ranks.isEmpty {
      members = "SELECT vigil_unranked.*" + ranks.joined() + " FROM (\(members)) AS vigil_unranked"
    }
    let order =
      keys.enumerated().map {
        dialect.orderKey("vigil_k\($0)", text: $1.kind == .text) + " NULLS FIRST"
      }
      + ["vigil_window"]
    let grouped =
      keyColumns + ["vigil_window", "vigil_now", "COUNT(*) AS vigil_records"]
      + aggregates.enumerated().map { "\($1.sql) AS vigil_a\($0)" }
      + ["row_number() OVER (ORDER BY \(order.joined(separator: ", "))) AS vigil_rank"]
    return "vigil_groups\(index) AS (SELECT " + grouped.joined(separator: ",\n  ")
      + "\nFROM (\(members)) AS vigil_members\nGROUP BY "
      + (keyColumns + ["vigil_window", "vigil_now"]).joined(separator: ", ") + ")"
  }

  /// The policy's groups, each with its previous window's aggregates (`vigil_p…`: NULL when
  /// that window has no records, or fewer than `at least`).
  func judgedGroups(
    _ index: Int, keys: [SQLValue], window: (start: String, period: Window.Period)?,
    minimum: Int?
  ) -> String {
    let groups = "vigil_groups\(index)"
    guard let window else { return groups }
    let count = program.policies[index].group?.aggregates.count ?? 0
    let same = keys.indices.map {
      dialect.sameKey("vigil_now_g.vigil_k\($0)", "vigil_prev_g.vigil_k\($0)", keys[$0].kind)
    }
    let previous = compiler.text.previousWindow(window.period, start: "vigil_now_g.vigil_window")
    let on =
      same + [
        "vigil_prev_g.vigil_window = \(previous)",
        "vigil_prev_g.vigil_records >= \(minimum ?? 1)",
      ]
    return "(SELECT vigil_now_g.*"
      + (0..<count).map { ", vigil_prev_g.vigil_a\($0) AS vigil_p\($0)" }.joined()
      + " FROM \(groups) AS vigil_now_g LEFT JOIN \(groups) AS vigil_prev_g ON "
      + on.joined(separator: " AND ") + ")"
  }

  /// The group as reports name it: its keys (`(missing)` for a missing one), and its window
  /// after "in".
  func groupName(_ keys: [SQLValue], window: Window.Period?) -> String {
    let shown = keys.map { "COALESCE(\(compiler.format($0)), '(missing)')" }
    let joined = shown.isEmpty ? nil : shown.joined(separator: " || ', ' || ")
    guard let window else { return joined.map { "(\($0))" } ?? "''" }
    let label = compiler.text.windowLabel(window, start: "vigil_window")
    // Keys that show as nothing (one empty text) leave the window alone.
    return joined.map {
      "(CASE WHEN \($0) = '' THEN \(label) ELSE \($0) || ' in ' || \(label) END)"
    }
      ?? label
  }
}
