import Testing
import VigilCore
import VigilSQL
import VigilSemantics
import VigilSyntax

@testable import Vigil

/// `vigil sql`'s text: the SQL of each construct (goldens, one file per dialect), the whole
/// query of a policy file, and the error of each construct a dialect cannot compile. What the
/// SQL computes is checked against the engines by .ci/sql-test.
@Suite("SQL queries")
struct SQLQueryTests {
  static let folder = "Tests/VigilTests/Fixtures/sql"

  /// A condition per construct, each compiled alone.
  static let conditions: [(String, String)] = [
    ("text equality", #"type == "complaint""#),
    ("text inequality", #"channel != "chat""#),
    ("text order", #"owner < team"#),
    ("number comparison", "rings > 3"),
    ("number between", "score between 1 and 2"),
    ("time field with now", "created_at < now - 90d"),
    ("two time fields", "resolved_at > created_at"),
    ("state longer", "from created_at until resolved_at > 48h"),
    ("state at least, threshold left", "4h <= from created_at until first_response_at"),
    ("bare state", "from created_at until resolved_at"),
    ("derived duration", "resolved_at - created_at > 2d"),
    ("and, or, not", #"not (type == "a") and (channel == "b" or rings > 1)"#),
    ("in texts", #"channel in ["email", "web"]"#),
    ("not in with null", #"channel not in ["email", null]"#),
    ("in numbers", #"rings in [1, "2"]"#),
    ("contains", #"note contains "refund""#),
    ("matches", #"note matches "^(?i)re[[:digit:]]+\\.?$""#),
    ("is missing", "owner is missing"),
    ("time is present", "resolved_at is present"),
    ("coalesce of texts", #"coalesce(owner, team) == "x""#),
    ("coalesce of a text and now", "coalesce(done_at, now) - created_at > 15m"),
    ("a field as a condition", "vip"),
    ("negation", "-rings < -3"),
    ("division", "rings / 2 >= 2"),
    ("hours()", "hours(resolved_at - created_at) > 24"),
    ("lower()", #"lower(channel) == "chat""#),
    ("time() in a fixed zone", #"time(opened, "dd-MM-yyyy hh:mm a", "UTC") < now"#),
    ("time() with names", #"time(opened, "EEE, d MMM yyyy HH:mm:ss.SSS", "Etc/GMT-5") < now"#),
  ]

  /// The condition's SQL, compiled alone for `dialect`.
  static func conditionSQL(_ condition: String, _ dialect: SQLDialect) throws -> String {
    let policies = try PolicySet(
      source: "policy p:\n  \(condition) → flag\n", file: "p.vigil")
    let program = policies.checked
    var compiler = SQLCompiler(dialect: dialect, sites: program.sites)
    let value = try compiler.truth(compiler.compile(program.policies[0].condition))
    let columns = compiler.fields.enumerated().map { "f\($0.offset) = \($0.element)" }
    // Values computed once per record, columns of their own.
    let derived = compiler.derived.enumerated().map { "-- d\($0.offset) = \($0.element)\n" }
    return "-- columns: " + columns.joined(separator: ", ") + "\n" + derived.joined() + value.sql
  }

  @Test("each construct's SQL, per dialect", arguments: SQLDialect.allCases)
  func constructs(_ dialect: SQLDialect) throws {
    var text = ""
    for (name, condition) in Self.conditions {
      text += "-- \(name): \(condition)\n" + (try Self.conditionSQL(condition, dialect)) + "\n\n"
    }
    expectGolden(text, "\(Self.folder)/conditions.\(dialect.rawValue).sql")
  }

  @Test("the whole query of a policy file, per dialect and input")
  func wholeQuery() {
    let now = ["--now", "2026-11-25T00:00:00Z"]
    let runs: [(String, [String])] = [
      ("constructs.duckdb-jsonl.sql", ["--dialect", "duckdb", "--data", "records.jsonl"]),
      (
        "constructs.duckdb-csv.sql", ["--dialect", "duckdb", "--data", "examples/interactions.csv"]
      ),
      ("constructs.postgres.sql", ["--dialect", "postgres", "--table", "records"]),
      ("constructs.errors.duckdb.sql", ["--dialect", "duckdb", "--table", "records", "--errors"]),
      (
        "complaints.param.duckdb.sql",
        ["--dialect", "duckdb", "--table", "records", "--now", "param"]
      ),
      ("groups.duckdb.sql", ["--dialect", "duckdb", "--table", "records"]),
      ("groups.postgres.sql", ["--dialect", "postgres", "--table", "records"]),
      ("groups.spark.sql", ["--dialect", "spark", "--table", "records"]),
      ("groups.errors.duckdb.sql", ["--dialect", "duckdb", "--table", "records", "--errors"]),
      ("escalations.duckdb.sql", ["--dialect", "duckdb", "--table", "records"]),
      ("escalations.postgres.sql", ["--dialect", "postgres", "--table", "records"]),
      ("zones.postgres.sql", ["--dialect", "postgres", "--table", "records"]),
      ("events.duckdb.sql", ["--dialect", "duckdb", "--table", "records"]),
      ("events.postgres.sql", ["--dialect", "postgres", "--table", "records"]),
      // time() in Rome: the local time a lambda's parameter, once per record.
      ("events.spark.sql", ["--dialect", "spark", "--table", "records"]),
      ("events.errors.duckdb.sql", ["--dialect", "duckdb", "--table", "records", "--errors"]),
      ("sequences.duckdb.sql", ["--dialect", "duckdb", "--table", "records"]),
      ("sequences.postgres.sql", ["--dialect", "postgres", "--table", "records"]),
      ("sequences.spark.sql", ["--dialect", "spark", "--table", "records"]),
      ("sequences.errors.duckdb.sql", ["--dialect", "duckdb", "--table", "records", "--errors"]),
      ("weekdays.duckdb.sql", ["--dialect", "duckdb", "--table", "records"]),
      ("weekdays.postgres.sql", ["--dialect", "postgres", "--table", "records"]),
      ("weekdays.spark.sql", ["--dialect", "spark", "--table", "records"]),
      ("pauses.duckdb.sql", ["--dialect", "duckdb", "--table", "records"]),
      ("pauses.spark.sql", ["--dialect", "spark", "--table", "records"]),
      ("cycles.duckdb.sql", ["--dialect", "duckdb", "--table", "records"]),
      ("cycles.errors.postgres.sql", ["--dialect", "postgres", "--table", "records", "--errors"]),
      ("holders.duckdb.sql", ["--dialect", "duckdb", "--table", "records"]),
      ("holders.postgres.sql", ["--dialect", "postgres", "--table", "records"]),
      // Spark: the holders' text joined from the pairs collected and sorted.
      ("holders.spark.sql", ["--dialect", "spark", "--table", "records"]),
      ("honest_pauses.duckdb.sql", ["--dialect", "duckdb", "--table", "records"]),
      ("honest_pauses.spark.sql", ["--dialect", "spark", "--table", "records"]),
      // A record's own list of changes, unnested: from a table's JSON text, a file's JSON.
      ("record_history.duckdb.sql", ["--dialect", "duckdb", "--data", "records.jsonl"]),
      ("record_history.postgres.sql", ["--dialect", "postgres", "--table", "records"]),
      (
        "record_history.errors.postgres.sql",
        ["--dialect", "postgres", "--table", "records", "--errors"]
      ),
      // Spark: a list's kind and its items' told apart by from_json, from a file's JSON and
      // from a table's text.
      ("record_history.spark.sql", ["--dialect", "spark", "--data", "records.jsonl"]),
      ("record_pauses.spark.sql", ["--dialect", "spark", "--table", "records"]),
      // A record's holders and cycles in working time: each stretch's working time a scalar
      // subquery over the calendar's table.
      ("record_calendar.duckdb.sql", ["--dialect", "duckdb", "--table", "records"]),
      // A record's dishonest pauses: its changes numbered, their runs, each a row.
      ("record_honest.postgres.sql", ["--dialect", "postgres", "--table", "records"]),
      // Two lists of a record's changes: each change tagged with its list (vigil_lst).
      ("record_lists.spark.sql", ["--dialect", "spark", "--table", "records"]),
    ]
    for (golden, options) in runs {
      let param = golden.hasPrefix("complaints")
      // A golden is named after its policy file (its name before the first dot), except
      // complaints', rules/complaints.vigil.
      let name = String(golden.prefix { $0 != "." })
      let policy = param ? "rules/complaints.vigil" : "\(Self.folder)/\(name).vigil"
      let result = vigil(["sql", repoPath(policy)] + (param ? [] : now) + options)
      #expect(result.code == 0, "\(golden): \(result.stderr)")
      #expect(result.stderr == "")
      expectGolden(result.stdout, "\(Self.folder)/\(golden)")
    }
  }

  /// Policies a dialect cannot compile, and the exact error.
  static let gaps: [(SQLDialect, String, String)] = [
    (
      .duckdb,
      "define r = from a until b paused in changes while time(t, \"yyyy-MM-dd\", \"UTC\") < now\n"
        + "policy p:\n  r > 1d → flag\n",
      """
      p.vigil:3:3: error[unsupported-in-sql]: the duckdb dialect cannot compile time(…) or a calendar in a condition on a record's changes yet
        3 |   r > 1d → flag
          |   ^~~~~~~~~~~~~
        help: audit policy 'p' with vigil audit, or leave its file out of vigil sql (Grammar.md, "What the SQL means")

      """
    ),
    (
      .postgres,
      "define r = from a until b paused in changes while s == \"w\" unless s == \"x\"\npolicy p:\n"
        + "  r > 1d → flag\n  accountable: who at breach in changes\n",
      """
      p.vigil:1:12: error[unsupported-in-sql]: the postgres dialect cannot compile the party of a dishonest pause of a record's own history under its holders yet
        1 | define r = from a until b paused in changes while s == "w" unless s == "x"
          |            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
        help: audit policy 'p' with vigil audit, or leave its file out of vigil sql (Grammar.md, "What the SQL means")

      """
    ),
    (
      .spark,
      "calendar office:\n  monday to friday \"09:00-17:00\"\n\n"
        + "define c = each cycle in changes from (s == \"o\") until (s == \"r\")\npolicy p:\n"
        + "  c > 4h in office → flag\n  accountable: who held longest in changes\n  cycles: every\n",
      """
      p.vigil:7:20: error[unsupported-in-sql]: the spark dialect cannot compile the holders per cycle of a record's own history in a calendar's working time yet (Spark's analyzer gives up on the query after 100 iterations)
        7 |   accountable: who held longest in changes
          |                    ^~~~~~~~~~~~
        help: audit policy 'p' with vigil audit, or leave its file out of vigil sql (Grammar.md, "What the SQL means")

      """
    ),
    (
      .duckdb,
      "define t = time(x, \"yyyyMd\", \"UTC\")\npolicy p:\n  t < now → flag\n",
      """
      p.vigil:1:12: error[unsupported-in-sql]: the duckdb dialect cannot compile time() with the pattern "yyyyMd" yet (a number of varying width before a digit, a weekday name before a letter, or an offset in the text)
        1 | define t = time(x, "yyyyMd", "UTC")
          |            ^~~~~~~~~~~~~~~~~~~~~~~~
        help: audit policy 'p' with vigil audit, or leave its file out of vigil sql (Grammar.md, "What the SQL means")

      """
    ),
    (
      .postgres,
      "define t = time(x, \"yyyy-MM-dd HH:mmXXX\", \"UTC\")\npolicy p:\n  t < now → flag\n",
      """
      p.vigil:1:12: error[unsupported-in-sql]: the postgres dialect cannot compile time() with the pattern "yyyy-MM-dd HH:mmXXX" yet (a number of varying width before a digit, a weekday name before a letter, or an offset in the text)
        1 | define t = time(x, "yyyy-MM-dd HH:mmXXX", "UTC")
          |            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
        help: audit policy 'p' with vigil audit, or leave its file out of vigil sql (Grammar.md, "What the SQL means")

      """
    ),
    (
      .postgres, "policy p:\n  note matches \"\\\\bx\" → flag\n",
      """
      p.vigil:2:3: error[unsupported-in-sql]: the postgres dialect cannot compile a word boundary (\\b, \\B) in the pattern "\\bx" yet
        2 |   note matches "\\\\bx" → flag
          |   ^~~~~~~~~~~~~~~~~~~
        help: audit policy 'p' with vigil audit, or leave its file out of vigil sql (Grammar.md, "What the SQL means")

      """
    ),
    (
      .duckdb, "policy p:\n  len(note) > 3 → flag\n",
      """
      p.vigil:2:3: error[unsupported-in-sql]: the duckdb dialect cannot compile len() yet (engines count characters differently)
        2 |   len(note) > 3 → flag
          |   ^~~~~~~~~
        help: audit policy 'p' with vigil audit, or leave its file out of vigil sql (Grammar.md, "What the SQL means")

      """
    ),
    (
      .duckdb, "policy p:\n  x == \"a\" → notify manager of owner\n",
      """
      p.vigil:2:21: error[unsupported-in-sql]: the duckdb dialect cannot compile the people directory (manager of …) yet
        2 |   x == "a" → notify manager of owner
          |                     ^~~~~~~~~~~~~~~~
        help: audit policy 'p' with vigil audit, or leave its file out of vigil sql (Grammar.md, "What the SQL means")

      """
    ),
  ]

  @Test("a calendar's working time with --now param, or chosen per record, is an error at it")
  func calendarGapErrors() throws {
    let cases: [(String, Int64?, String)] = [
      (
        "calendar office:\n  monday to friday \"09:00-17:00\"\n\npolicy p:\n"
          + "  from a until b > 2 business days in office → flag\n", nil,
        """
        p.vigil:5:3: error[unsupported-in-sql]: the duckdb dialect cannot compile a calendar's working time with --now param yet (its table of working hours ends at now; give --now)
          5 |   from a until b > 2 business days in office → flag
            |   ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
          help: audit policy 'p' with vigil audit, or leave its file out of vigil sql (Grammar.md, "What the SQL means")

        """
      ),
      (
        "calendar office:\n  monday to friday \"09:00-17:00\"\n\n"
          + "calendar by_team by team:\n  \"a\" → office\n  otherwise → office\n\npolicy p:\n"
          + "  from a until b > 4h in by_team → flag\n", 0,
        """
        p.vigil:9:3: error[unsupported-in-sql]: the duckdb dialect cannot compile a calendar chosen per record (by_team) yet
          9 |   from a until b > 4h in by_team → flag
            |   ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
          help: audit policy 'p' with vigil audit, or leave its file out of vigil sql (Grammar.md, "What the SQL means")

        """
      ),
    ]
    for (source, now, expected) in cases {
      let policies = try PolicySet(source: source, file: "p.vigil")
      let options = SQLQuery.Options(
        dialect: .duckdb, input: .table("records"), now: now, idField: FieldPath("id"))
      do {
        let query = try policies.sqlViolations(options)
        Issue.record("compiled, expected an error:\n\(source)\n\(query.prefix(200))")
      } catch {
        #expect(DiagnosticRenderer().render(error.all) == expected)
      }
    }
  }

  /// An event log's policies that do not compile, and the exact error.
  static let eventGaps: [(String, String)] = [
    (
      "calendar office:\n  monday to friday \"09:00-17:00\"\n  zone \"UTC\"\n\n"
        + "define r = from earliest(at) until latest(at)\n"
        + "    paused in history(s) while s == \"wait\"\npolicy p:\n  r > 10h in office → flag\n",
      """
      p.vigil:7:12: error[unsupported-in-sql]: the duckdb dialect cannot compile a paused clock counted in a calendar yet
        7 | define r = from earliest(at) until latest(at)
          |            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
        help: audit policy 'p' with vigil audit, or leave its file out of vigil sql (Grammar.md, "What the SQL means")

      """
    ),
    (
      "define r = from earliest(at) until earliest(at where s == \"done\")\n"
        + "    paused in history(s) while s == \"wait\" unless s == \"call\"\npolicy p:\n"
        + "  r > 1d → escalate to owner, then \"lead\" after 1d\n",
      """
      p.vigil:3:12: error[unsupported-in-sql]: the duckdb dialect cannot compile the party of a dishonest pause under an escalation chain yet (give the policy an accountable:)
        3 | define r = from earliest(at) until earliest(at where s == "done")
          |            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
        help: audit policy 'p' with vigil audit, or leave its file out of vigil sql (Grammar.md, "What the SQL means")

      """
    ),
  ]

  @Test(
    "an event log's dishonest pauses under a chain and paused clocks in a calendar are errors at them"
  )
  func eventGapErrors() throws {
    for (policy, expected) in Self.eventGaps {
      let source = "events per case, ordered by at\n\n" + policy
      let policies = try PolicySet(source: source, file: "p.vigil")
      let options = SQLQuery.Options(
        dialect: .duckdb, input: .table("records"), now: 0, idField: FieldPath("id"))
      do {
        let query = try policies.sqlViolations(options)
        Issue.record("compiled, expected an error:\n\(source)\n\(query.prefix(200))")
      } catch {
        #expect(DiagnosticRenderer().render(error.all) == expected)
      }
    }
  }

  @Test("a construct a dialect cannot compile is an error at it, naming it and the dialect")
  func gapErrors() throws {
    for (dialect, source, expected) in Self.gaps {
      let policies = try PolicySet(source: source, file: "p.vigil")
      let options = SQLQuery.Options(
        dialect: dialect, input: .table("records"), now: 0, idField: FieldPath("id"))
      do {
        let query = try policies.sqlViolations(options)
        Issue.record("compiled, expected an error:\n\(source)\n\(query.prefix(200))")
      } catch {
        #expect(DiagnosticRenderer().render(error.all) == expected)
      }
    }
  }

  @Test(
    "time()'s table of a zone's offsets by local time resolves every local time as Vigil does",
    arguments: ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"])
  func localOffsets(_ identifier: String) throws {
    let zone = try #require(ZoneRules(identifier: identifier))
    let table = try #require(SQLCompiler.localOffsets(zone))
    // Each quarter of an hour within 3 hours of every change before 2199, every minute near
    // 2026's changes in New York, and each day of 2026.
    let quarter: Int64 = 900_000
    var locals: [Int64] = []
    for breakpoint in table.breakpoints where breakpoint < 7_226_582_400_000 {
      for step in Int64(-12)...12 { locals.append(breakpoint + step * quarter) }
    }
    let minute: Int64 = 60_000
    for step in Int64(0)..<1_440 {
      locals += [1_772_928_000_000 + step * minute, 1_793_491_200_000 + step * minute]
    }
    for day in Int64(0)..<365 { locals.append(1_767_225_600_000 + day * 86_400_000) }
    for local in locals {
      var (low, high) = (0, table.breakpoints.count)
      while low < high {
        let middle = (low + high) / 2
        if table.breakpoints[middle] <= local { low = middle + 1 } else { high = middle }
      }
      #expect(local - table.offsets[low] == zone.instant(local: local), "\(identifier) \(local)")
    }
    #expect(locals.count >= 3_245)
  }

  @Test("calendar windows in a zone whose clocks change need a now before 2200")
  func zoneWindowsNeedNow() throws {
    let source = "policy p:\n  per team, monthly by at in \"Europe/London\"\n  count > 3 → flag\n"
    let policies = try PolicySet(source: source, file: "p.vigil")
    let cases: [(Int64?, String)] = [
      (nil, "--now param"), (7_258_118_400_000, "now at 2200-01-01T00:00:00Z"),
    ]
    for (now, label) in cases {
      let options = SQLQuery.Options(
        dialect: .postgres, input: .table("records"), now: now, idField: FieldPath("id"))
      do {
        _ = try policies.sqlViolations(options)
        Issue.record("compiled with \(label), expected an error")
      } catch {
        #expect(
          DiagnosticRenderer().render(error.all) == """
            p.vigil:2:3: error[unsupported-in-sql]: the postgres dialect cannot compile calendar windows in the zone "Europe/London" with --now param yet (its clocks change after 2200; give --now)
              2 |   per team, monthly by at in "Europe/London"
                |   ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
              help: audit policy 'p' with vigil audit, or leave its file out of vigil sql (Grammar.md, "What the SQL means")

            """, "\(label)")
      }
    }
    let before = SQLQuery.Options(
      dialect: .postgres, input: .table("records"), now: 7_258_118_399_999,
      idField: FieldPath("id"))
    #expect(throws: Never.self) { _ = try policies.sqlViolations(before) }
  }

  @Test("the command's usage errors")
  func usage() {
    let file = repoPath("rules/complaints.vigil")
    let cases: [([String], String)] = [
      (["--table", "t"], "vigil sql: name the engine: --dialect duckdb, postgres or spark\n"),
      (
        ["--dialect", "oracle", "--table", "t"],
        "vigil sql: --dialect must be duckdb, postgres or spark, not 'oracle'\n"
      ),
      (["--dialect", "duckdb"], "vigil sql: name the records: --table NAME or --data FILE\n"),
      (
        ["--dialect", "duckdb", "--table", "t", "--data", "x.csv"],
        "vigil sql: give --table or --data, not both\n"
      ),
      (
        ["--dialect", "postgres", "--data", "x.jsonl"],
        "vigil sql: --data is offered for duckdb and spark only: load the records into a table and name it with --table\n"
      ),
      (
        ["--dialect", "duckdb", "--table", "t", "--now", "soon"],
        "vigil sql: --now 'soon' is not an instant or a date: give 2026-11-25T00:00:00Z (any offset), or 2026-11-25 for the start of that day in UTC\n"
      ),
    ]
    let usage = """

      Usage: vigil sql RULES… --dialect duckdb|postgres|spark (--table NAME | --data FILE) [options]
      Run 'vigil help sql' for more.

      """
    for (options, expected) in cases {
      let result = vigil(["sql", file] + options)
      #expect(result.code == 2)
      #expect(result.stdout == "")
      #expect(result.stderr == expected + usage)
    }
  }
}
