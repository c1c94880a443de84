import Foundation
import Vigil
import VigilSQL

/// `vigil sql RULES… --dialect D (--table NAME | --data FILE)`: the policies as one SQL query.
enum SQLCommand {
  static let info = CommandInfo(
    name: name, summary: summary, usage: usage, details: details, options: options,
    run: { arguments, context in try run(arguments, context) })

  static let name = "sql"
  static let summary = "Compile policies to an SQL query that lists their violations"
  static let usage =
    "vigil sql RULES… --dialect duckdb|postgres|spark (--table NAME | --data FILE) [options]"
  static let details = """
    Prints one query that lists the violations 'vigil audit --format csv' would list, one
    row per violation, with its columns in its order (policy, location, record, party,
    action, target, severity, open, measured, threshold, window, sample, escalation,
    at_risk) and its order (by record, then by policy; then each group policy's groups, by
    their keys and window). With --errors, the query lists the data errors 'vigil audit
    --errors' would list instead (kind, file, line, record, policy, field, value, message),
    one per record and policy. With --report accountability, the query lists the rows
    'vigil audit --report accountability --format csv' lists after its audit rows (a row
    per party, per policy and per party and policy, then its sections of breaches by cycle,
    holders and dishonest pauses, its columns in its order), built on the violations query:
    its audit rows are left out (the query knows no file or clock), compliance is the
    engine's double (its digits the engine's), and there are no team or manager rows (the
    people directory does not compile).

    Every field is read as a text, as a CSV cell is: --table names a table or view with a
    column per field (a nested field is the column named by its dotted path, such as
    "customer.tier"); --data names a CSV or JSON Lines file the query reads itself (DuckDB
    and Spark; Spark reads a CSV file whole, in one row). --now T bakes the audit instant
    in; --now param leaves it as the query's parameter, an ISO-8601 text ($now in DuckDB,
    $1 in PostgreSQL, :now in Spark).

    Group policies, sequences ('unless followed by'), event logs, escalation chains and
    'warn at' compile; sums and averages of numbers are exact, as the audit's, and a group
    whose numbers differ too much in size for 38 digits stops the query with an error
    saying so. Calendars (working time, business days) compile for DuckDB and PostgreSQL
    with --now T: the calendar's working hours from ten years before now are a table the
    query sums overlaps with, and a state that starts earlier stops the query with an
    error. An event log's clocks paused by a case's history and its cases' cycles ('each
    cycle', every, first or last, a row per cycle judged) compile, and so do a case's holders
    and a record's ('accountable: FIELD at breach', 'held longest', 'by share', '… in H')
    on the wall clock, paused or not, per cycle, and in working time where calendars
    compile (then the query has the CSV report's last column, holders), and a record's own
    list of changes (its cycles, holders and paused clock). Honest pauses ('paused in
    history(F) while C unless Q', and of a record's list, 'paused in H while C unless Q')
    compile: each dishonest pause is a row after its case's or record's violation, with the
    CSV report's pause columns (finding, breached, pause_state … not_paused). A construct a
    dialect cannot compile yet (calendars in Spark, the people directory, a regular
    expression the engine reads differently) is error[unsupported-in-sql], naming it, its
    place and the dialect: never a query that means something else. Grammar.md,
    "What the SQL means", says what the query computes; README.md, "When one machine is not
    enough", how to run it.

    Exit codes: 0 printed; 2 policy or usage errors, or a construct the dialect cannot compile.

    """

  static let options = [
    OptionSpec(name: "dialect", value: "D", help: "duckdb, postgres or spark."),
    OptionSpec(name: "table", value: "NAME", help: "The table or view holding the records."),
    OptionSpec(
      name: "data", value: "FILE", help: "The records, read by the query (.csv or .jsonl)."),
    OptionSpec(
      name: "now", value: "TIME|param",
      help: "The audit instant (as vigil audit reads it), or 'param' for a query parameter."),
    OptionSpec(
      name: "id", value: "FIELD", help: "The field that identifies a record (default: id)."),
    OptionSpec(name: "errors", help: "List the data errors instead of the violations."),
    OptionSpec(
      name: "report", value: "violations|accountability",
      help: "The violations (default), or the accountability report's rows."),
    RootOption.spec,
  ]

  static func run(_ arguments: Arguments, _ context: CommandContext) throws(UsageError) -> Int32 {
    guard !arguments.positionals.isEmpty else {
      throw UsageError("name the policy files to compile")
    }
    guard let dialectName = arguments.value("dialect") else {
      throw UsageError("name the engine: --dialect duckdb, postgres or spark")
    }
    guard let dialect = SQLDialect(rawValue: dialectName) else {
      throw UsageError("--dialect must be duckdb, postgres or spark, not '\(dialectName)'")
    }
    let report = arguments.value("report") ?? "violations"
    guard report == "violations" || report == "accountability" else {
      throw UsageError("--report must be violations or accountability, not '\(report)'")
    }
    if report == "accountability" && arguments.has("errors") {
      throw UsageError(
        "--errors lists the data errors, not a report: give --errors or --report accountability, not both"
      )
    }
    let input = try self.input(arguments, dialect)
    let nowText = arguments.value("now")
    let now: Int64? =
      nowText == "param" ? nil : try NowOption.parse(nowText, clock: context.clock).now
    let options = SQLQuery.Options(
      dialect: dialect, input: input, now: now, idField: DataOptions.idField(arguments))
    try GivenPaths.requireExisting(arguments.positionals, what: GivenPaths.policies)
    do {
      let policies = try PolicySet(
        contentsOf: arguments.positionals, root: arguments.value("root"),
        rootOption: RootOption.name)
      let query =
        arguments.has("errors")
        ? try policies.sqlErrors(options)
        : report == "accountability"
          ? try policies.sqlAccountability(options) : try policies.sqlViolations(options)
      context.stdout.write(query)
      return 0
    } catch {
      context.stderr.write(DiagnosticRenderer().render(error.all))
      context.stderr.write(
        "vigil: \(plural(error.errors.count, "error")); no query was written\n")
      return 2
    }
  }

  /// Where the query reads the records.
  static func input(_ arguments: Arguments, _ dialect: SQLDialect) throws(UsageError) -> SQLInput {
    switch (arguments.value("table"), arguments.value("data")) {
    case (let table?, nil): return .table(table)
    case (nil, let data?):
      guard dialect != .postgres else {
        throw UsageError(
          "--data is offered for duckdb and spark only: load the records into a table and name it with --table"
        )
      }
      if data.lowercased().hasSuffix(".csv") {
        return .csv(path: data, header: try header(of: data))
      }
      return .jsonLines(path: data)
    case (nil, nil): throw UsageError("name the records: --table NAME or --data FILE")
    default: throw UsageError("give --table or --data, not both")
    }
  }

  /// The names of a CSV file's columns, from its first line.
  static func header(of path: String) throws(UsageError) -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw UsageError("cannot read the data file '\(path)'")
    }
    var bytes = Array(data.prefix { $0 != UInt8(ascii: "\n") })
    if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    var names: [String] = []
    var cell: [UInt8] = []
    var quoted = false
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if quoted {
        if byte == UInt8(ascii: "\"") {
          if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
            cell.append(byte)
            index += 1
          } else {
            quoted = false
          }
        } else {
          cell.append(byte)
        }
      } else if byte == UInt8(ascii: "\"") {
        quoted = true
      } else if byte == UInt8(ascii: ",") {
        names.append(String(decoding: cell, as: UTF8.self))
        cell = []
      } else {
        cell.append(byte)
      }
      index += 1
    }
    names.append(String(decoding: cell, as: UTF8.self))
    return names
  }
}
