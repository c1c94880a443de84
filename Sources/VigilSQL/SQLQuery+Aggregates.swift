import VigilCore
import VigilSemantics
import VigilSyntax

/// An aggregate of a group policy compiled: its SQL over a group's members, what it holds,
/// the data errors reading a record meets, and for a median or a percentile the value each
/// member is ranked by (`vigil_v<N>`, ranked `vigil_r<N>` among `vigil_n<N>`).
struct SQLAggregate {
  var sql: String
  var kind: SQLKind
  var errors: [SQLDataError]
  /// The value ranked (`vigil_v<N>`), and what ranks it (an ORDER BY list).
  var ranked: (value: String, order: String)? = nil
  /// For `first` and `last`: each member's time (`vigil_o<N>`).
  var time: String? = nil
  /// For `sum` and `average` of numbers: each member's number (`vigil_x<N>`), summed
  /// exactly.
  var exact: String? = nil
}

/// Aggregates in SQL, exactly as `AggregateState` computes them.
extension SQLQuery {
  /// The aggregate numbered `number` of a group policy, over the records of a group
  /// (columns of `vigil_values`; `reached`: the record is read).
  mutating func compileAggregate(
    _ aggregate: CheckedAggregate, _ number: Int, reached: String
  ) throws -> SQLAggregate {
    let name = String(aggregate.label.prefix { $0 != "(" })
    let filter = try aggregate.filter.map { try compiler.truth(compiler.compile($0)) }
    var errors = gated(filter?.errors ?? [], reached)
    let kept = filter.map { "(\($0.sql)) IS TRUE" } ?? "TRUE"
    let counted = "(\(reached)) IS TRUE AND \(kept)"
    func ones(_ condition: String) -> String {
      "SUM(CASE WHEN \(condition) THEN 1 ELSE 0 END)"
    }
    switch aggregate.kind {
    case .count, .share:
      let argument = try aggregate.argument.map { try compiler.truth(compiler.compile($0)) }
      errors += gated(argument?.errors ?? [], counted)
      let truth = argument.map { "(\($0.sql)) IS TRUE" } ?? "TRUE"
      let count = "CAST(\(ones("\(kept) AND \(truth)")) AS \(dialect.double))"
      guard aggregate.kind == .share, let argument else {
        return SQLAggregate(sql: count, kind: .number, errors: errors)
      }
      let known = ones("\(kept) AND (\(argument.sql)) IS NOT NULL")
      return SQLAggregate(
        sql:
          "(CASE WHEN \(known) = 0 THEN NULL ELSE \(count) / CAST(\(known) AS \(dialect.double)) END)",
        kind: .number, errors: errors)
    case .sum, .average, .minimum, .maximum, .median, .percentile:
      // INVARIANT: value aggregates have an argument.
      let value = try measured(compiler.compile(aggregate.argument!), aggregate)
      errors += gated(value.errors, counted)
      let kept = "CASE WHEN \(kept) THEN \(value.sql) END"
      var result = SQLAggregate(sql: "", kind: value.kind, errors: errors)
      switch (aggregate.kind, aggregate.measure) {
      case (.sum, .number), (.average, .number):
        let policy = current.map { program.policies[$0].name } ?? ""
        result.exact = kept
        result.sql =
          aggregate.kind == .sum
          ? exactSum(number, policy: policy, field: aggregate.label)
          : exactAverage(number, policy: policy, field: aggregate.label)
      case (.sum, _):
        result.sql = "CAST(COALESCE(SUM(\(kept)), 0) AS \(dialect.bigint))"
      case (.average, _):
        // Rounded down to the millisecond.
        let sum = "CAST(SUM(\(kept)) AS \(dialect.bigint))"
        let count = "COUNT(\(kept))"
        let floor = dialect.intDiv("\(sum) - ((\(sum) % \(count)) + \(count)) % \(count)", count)
        result.sql = "(CASE WHEN \(count) > 0 THEN \(floor) END)"
      case (.minimum, _): result.sql = "MIN(\(kept))"
      case (.maximum, _): result.sql = "MAX(\(kept))"
      case (.percentile(let rank), _):
        // Nearest rank: the value at position ceil(rank × n / 100), counting from 1.
        let position = dialect.intDiv("\(rank) * vigil_n\(number) + 99", "100")
        result.sql = "MIN(CASE WHEN vigil_r\(number) = \(position) THEN vigil_v\(number) END)"
        result.ranked = (kept, "vigil_v\(number) NULLS LAST")
      default:
        result.sql = median(number, value.kind)
        result.ranked = (kept, "vigil_v\(number) NULLS LAST")
      }
      return result
    case .first, .last:
      // INVARIANT: both have an argument and an order (else the checker reported an error).
      let time = try compiler.compile(aggregate.order!)
      guard time.kind == .time else {
        throw SQLGap("\(name)() by \(compiler.describe(time.kind))", at: .call(name))
      }
      let value = try compiler.compile(aggregate.argument!)
      guard value.kind != .bool else {
        throw SQLGap("\(name)() of a true/false value", at: .call(name))
      }
      errors += gated(time.errors, counted)
      errors += gated(value.errors, "\(counted) AND \(time.sql) IS NOT NULL")
      // The earliest member by its time, the earlier in the input of two at the same time;
      // the latest, the later.
      let direction = aggregate.kind == .first ? "" : " DESC"
      return SQLAggregate(
        sql:
          "MIN(CASE WHEN vigil_r\(number) = 1 AND vigil_o\(number) IS NOT NULL THEN vigil_v\(number) END)",
        kind: value.kind, errors: errors,
        ranked: (
          "CASE WHEN \(kept) THEN \(value.sql) END",
          "vigil_o\(number)\(direction) NULLS LAST, vigil_row\(direction)"
        ), time: "CASE WHEN \(kept) THEN \(time.sql) END")
    case .history:
      // Read only by a paused clock, from the group's members (`pausesCTE`); here, the
      // data errors of reading each change.
      // INVARIANT: a history has an argument and an order (else the checker reported an error).
      guard compiler.group == nil, case .field = aggregate.argument! else {
        throw SQLGap("history() of \(aggregate.label)", at: .call(name))
      }
      let time = try compiler.compile(aggregate.order!)
      let value = try compiler.compile(aggregate.argument!)
      errors += gated(time.errors, counted)
      errors += gated(value.errors, "\(counted) AND \(time.sql) IS NOT NULL")
      return SQLAggregate(sql: "CAST(NULL AS \(dialect.bigint))", kind: .null, errors: errors)
    case .cycleStart:
      // The cycles are found from the events by `cyclesCTE`; here, the data errors of
      // marking each event.
      errors += try cycleMarks(aggregate, counted: counted).errors
      return SQLAggregate(sql: "CAST(NULL AS \(dialect.bigint))", kind: .time, errors: errors)
    case .cycleEnd:
      return SQLAggregate(sql: "CAST(NULL AS \(dialect.bigint))", kind: .time, errors: errors)
    }
  }

  /// The middle value of a group's ranked values (`vigil_v<N>`), or the mean of the two
  /// middle ones: of numbers as doubles, of durations and times rounded down to the
  /// millisecond.
  func median(_ number: Int, _ kind: SQLKind) -> String {
    let n = "vigil_n\(number)"
    func at(_ position: String) -> String {
      "MIN(CASE WHEN vigil_r\(number) = \(position) + 1 THEN vigil_v\(number) END)"
    }
    let lower = at(dialect.intDiv("\(n) - 1", "2"))
    let upper = at(dialect.intDiv(n, "2"))
    guard kind != .number else { return "((\(lower) + \(upper)) / 2)" }
    return "(\(lower) + \(dialect.intDiv("\(upper) - \(lower)", "2")))"
  }

  /// The value an aggregate reads from a record as its measure: a number (a text read as
  /// one, an empty text missing), a duration or a time.
  func measured(_ value: SQLValue, _ aggregate: CheckedAggregate) throws -> SQLValue {
    switch (aggregate.measure, value.kind) {
    case (.number, .number), (.duration, .duration), (.time, .time): return value
    case (.number, .text):
      let x = value.sql
      let read = compiler.text.number(x)
      let error = SQLDataError(
        when: "(\(x) IS NOT NULL AND \(x) <> '' AND \(read) IS NULL)", field: aggregate.label,
        value: x, message: compiler.quoted("expected a number, found the text '", x, "'"))
      return SQLValue(read, .number, errors: value.errors + [error])
    default:
      throw SQLGap(
        "\(aggregate.label) of \(compiler.describe(value.kind))",
        at: .call(String(aggregate.label.prefix { $0 != "(" })))
    }
  }
}
