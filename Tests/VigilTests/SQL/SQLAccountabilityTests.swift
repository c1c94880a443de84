import Testing
import VigilCore
import VigilReports
import VigilSQL

@testable import Vigil

/// `vigil sql --report accountability` (and Spark's `--data`): the query's text (goldens), its
/// columns and its usage errors.
/// What the query lists is checked against `vigil audit --report accountability --format
/// csv` on the engines by .ci/sql-test.
@Suite("SQL accountability report")
struct SQLAccountabilityTests {
  static let folder = "Tests/VigilTests/Fixtures/sql"

  @Test("the query's columns are the CSV report's")
  func columns() {
    #expect(SQLQuery.reportColumnNames == AccountabilityWriter.csvColumns)
  }

  @Test("the report's query of a policy file, per dialect")
  func wholeQuery() {
    let runs: [(String, [String])] = [
      ("groups.accountability.duckdb.sql", ["--dialect", "duckdb", "--table", "records"]),
      ("sequences.accountability.postgres.sql", ["--dialect", "postgres", "--table", "records"]),
      ("escalations.accountability.spark.sql", ["--dialect", "spark", "--table", "records"]),
      ("common.accountability.postgres.sql", ["--dialect", "postgres", "--table", "records"]),
      ("sections.accountability.postgres.sql", ["--dialect", "postgres", "--table", "records"]),
    ]
    for (golden, options) in runs {
      let name = String(golden.prefix { $0 != "." })
      // A file of definitions alone (rules/common.vigil): a query of no row.
      let policy = name == "common" ? "rules/common.vigil" : "\(Self.folder)/\(name).vigil"
      let result = vigil(
        ["sql", repoPath(policy), "--now", "2026-11-25T00:00:00Z"]
          + options + ["--report", "accountability"])
      #expect(result.code == 0, "\(golden): \(result.stderr)")
      #expect(result.stderr == "")
      expectGolden(result.stdout, "\(Self.folder)/\(golden)")
    }
  }

  @Test("Spark reads a JSON Lines file as its lines and a CSV file whole, cut into cells")
  func sparkData() {
    let runs = [
      ("constructs.spark-jsonl.sql", "records.jsonl"),
      ("constructs.spark-csv.sql", "examples/interactions.csv"),
    ]
    for (golden, data) in runs {
      let result = vigil([
        "sql", repoPath("\(Self.folder)/constructs.vigil"), "--now", "2026-11-25T00:00:00Z",
        "--dialect", "spark", "--data", data,
      ])
      #expect(result.code == 0, "\(golden): \(result.stderr)")
      #expect(result.stderr == "")
      expectGolden(result.stdout, "\(Self.folder)/\(golden)")
    }
  }

  @Test("--report's usage errors")
  func usage() {
    let file = repoPath("rules/complaints.vigil")
    let cases: [([String], String)] = [
      (
        ["--report", "teams"],
        "vigil sql: --report must be violations or accountability, not 'teams'\n"
      ),
      (
        ["--report", "accountability", "--errors"],
        "vigil sql: --errors lists the data errors, not a report: give --errors or --report accountability, not both\n"
      ),
    ]
    let usage = """

      Usage: vigil sql RULES… --dialect duckdb|postgres|spark (--table NAME | --data FILE) [options]
      Run 'vigil help sql' for more.

      """
    for (options, expected) in cases {
      let result = vigil(["sql", file, "--dialect", "duckdb", "--table", "t"] + options)
      #expect(result.code == 2)
      #expect(result.stdout == "")
      #expect(result.stderr == expected + usage)
    }
  }
}
