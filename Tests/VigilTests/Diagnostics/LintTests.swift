import Foundation
import Testing
import VigilCore
import VigilRecords

@testable import Vigil

/// The lints of `vigil check`: which conditions each flags, and — as much — which it must not.
@Suite("Lints")
struct LintTests {
  static let prelude = """
    define unresolved = from created_at until resolved_at
    define late       = unresolved > 48h
    define early      = unresolved < 24h
    define open_case  = resolved_at is missing
    define complaint  = type == "complaint"

    """

  /// The codes of the warnings (but unused-definition) of `policies` after the prelude.
  static func codes(_ policies: String) -> [String] {
    do {
      let set = try PolicySet(source: prelude + policies, file: "l.vigil")
      return set.warnings.map(\.code.rawValue).filter { $0 != "unused-definition" }
    } catch {
      return error.all.map { "\($0.severity)[\($0.code.rawValue)]: \($0.message)" }
    }
  }

  static func rule(_ condition: String) -> String { "policy p:\n  \(condition) → flag\n" }

  @Test(
    "conditions no record can make true",
    arguments: [
      "x > 5 and x < 3", #"x == "a" and x == "b""#, "x < 3 and x > 3", "x >= 3 and x < 3",
      "x between 5 and 1", "x > 3 and false", "x > 3 and null", "x != 5 and x == 5",
      "x is missing and x is present", "x is missing and x > 3", "x is missing and x + 1 > 3",
      "created_at is missing and unresolved > 1h", "late early", "late and early",
      "open_case and resolved_at is present", "unresolved and not unresolved",
      #"type in ["a", "b"] and type == "c""#, "type in []", #"type not in ["a", null]"#,
      #"not (type in ["a", null])"#, "not (x > 5 or x < 10)",
      "(x > 5 or y > 1) and x < 3 and y < 0", "last_at < now - 90d and last_at > now - 30d",
      "now - 1d < last_at and last_at < now - 2d", "unresolved > 2h and unresolved < 2h1ms",
      "x == true and x == false", "a < b and a >= b", "a == b and not (a == b)",
      "created_at < @2026-01-01T00:00:00Z and created_at > @2026-06-01T00:00:00Z",
      #"complaint and type == "enquiry""#, #"x > "b" and x < "a""#,
      "share > 2 and (x > 5 or false) and x < 1",
    ])
  func neverFires(_ condition: String) {
    #expect(Self.codes(Self.rule(condition)) == ["never-fires"])
  }

  @Test(
    "conditions true for every record",
    arguments: [
      "x is missing or x is present", "x > 3 or true", "not (x is missing and x is present)",
      "x is present or x > 3 or x is missing", "(x is missing or x is not missing) and true",
      "not (x is missing and y > 2) or x is missing",
    ])
  func alwaysFires(_ condition: String) {
    #expect(Self.codes(Self.rule(condition)) == ["always-fires"])
  }

  /// Each can be true for some record, and is false or unknown for another.
  @Test(
    "conditions that are neither",
    arguments: [
      // Unknown when x is missing, which never fires: not always true.
      "x > 3 or x <= 3", "x > 3 or not (x > 3)", "x == x", "x is present or x > 3",
      "x > 5 or x < 3", "x > 5 and x < 10", "x >= 3 and x <= 3", "x != 3 and x != 4",
      // A text read as a number, a number equal to texts, a truth value read from texts.
      #"x == "5" and x == 5"#, #"x == "5" and x == "5.0""#, #"x == "true" and x == "TRUE""#,
      #"x > "5" and x < "10""#, #"type in ["5"] and type == 5"#,
      // Never true (no text reads as NaN: "nan" is a data error), but no lint proves it.
      "x > 5 and 3 > x",
      "x is missing or x > 3", "x is missing and y > 3", "x is missing and coalesce(x, 0) > 3",
      // A state whose end is missing is open, not unknown.
      "resolved_at is missing and unresolved > 48h", "open_case late",
      "unresolved > 48h and unresolved < 72h", "unresolved and unresolved > 48h",
      "not unresolved and unresolved > 48h", "x < now - 30d and x > now - 90d",
      #"type not in ["a", "b"] and type == "c""#, #"x != "a" and x != "b""#,
      "unresolved > 2h and unresolved < 2h2ms", "a < b and b > a",
    ])
  func neither(_ condition: String) {
    #expect(Self.codes(Self.rule(condition)) == [])
  }

  @Test("a text 'nan' is not a number: `x > 5 and 3 > x` meets a data error, not a breach")
  func notANumber() throws {
    let policies = try PolicySet(source: "policy p:\n  x > 5 and 3 > x → flag\n")
    let audit = policies.audit(jsonLines: #"{"id":"n","x":"nan"}"#, now: Date())
    #expect(audit.violations.count == 0)
    #expect(audit.dataErrors.map(\.error.message) == ["cannot read 'nan' as a number"])
  }

  @Test(
    "group, sequence and case policies",
    arguments: [
      ("per team\n  count > 10 and count < 5 → flag", ["never-fires"]),
      ("per team\n  share(late) > 20% and share(late) < 10% → flag", ["never-fires"]),
      ("per team\n  among type == \"a\" and type == \"b\"\n  count > 3 → flag", ["never-fires"]),
      (
        "per customer, ordered by created_at\n  x > 5 and x < 3 → flag\n  unless followed by y within 7d",
        ["never-fires"]
      ),
      // Two aggregates of contradictory conditions can both be positive in a group.
      ("per team\n  count(x > 5) > 0 and count(x < 3) > 0 → flag", []),
      ("per team\n  count > 10 or count < 5 → flag", []),
      ("per team\n  share(late) > 20% and share(early) > 20% → flag", []),
    ])
  func groups(_ block: String, _ expected: [String]) {
    #expect(Self.codes("policy g:\n  \(block)\n") == expected)
  }

  @Test("an event log's case: a field outside aggregates is its latest value")
  func cases() {
    let text = """
      events per id, ordered by at
      policy waiting:
        Activity == "Wait" and Activity == "Open" → flag
      """
    #expect(
      (try? PolicySet(source: text, file: "e.vigil"))?.warnings.map(\.code) == [.neverFires])
  }

  @Test(
    "policies with the same condition",
    arguments: [
      ("complaint late", "complaint late", true),
      ("complaint and unresolved > 48h", "48h < unresolved and type == \"complaint\"", true),
      ("unresolved > 48h", "unresolved > 2d", true),
      ("a or b > 2", "b > 2 or a", true),
      ("x > 20%", "x > 0.2", true),
      ("complaint late", "complaint unresolved > 49h", false),
      ("x > 3", "x >= 3", false),
      ("a and b", "a or b", false),
    ])
  func duplicates(_ first: String, _ second: String, _ same: Bool) {
    let text = "policy one:\n  \(first) → flag\npolicy two:\n  \(second) → notify owner\n"
    #expect(Self.codes(text) == (same ? ["duplicate-condition"] : []))
  }

  @Test("group policies are the same only with the same groups")
  func groupDuplicates() {
    let twice =
      "policy a:\n  per team\n  count > 3 → flag\npolicy b:\n  per team\n  count > 3 → flag\n"
    #expect(Self.codes(twice) == ["duplicate-condition"])
    let keys =
      "policy a:\n  per team\n  count > 3 → flag\npolicy b:\n  per owner\n  count > 3 → flag\n"
    #expect(Self.codes(keys) == [])
    let among = """
      policy a:
        per team
        count > 3 → flag
      policy b:
        per team
        among complaint
        count > 3 → flag

      """
    #expect(Self.codes(among) == [])
    let recordAndGroup = "policy a:\n  x > 3 → flag\npolicy b:\n  per x\n  count > 3 → flag\n"
    #expect(Self.codes(recordAndGroup) == [])
  }

  @Test(
    "suspicious units",
    arguments: [
      ("unresolved > 48m → flag", ["suspicious-unit"]),
      ("unresolved > 48d → flag", ["suspicious-unit"]),
      ("x < now - 72d → flag", ["suspicious-unit"]),
      ("unresolved > 500ms → flag", ["suspicious-unit"]),
      ("unresolved between 1h and 999ms → flag", ["never-fires", "suspicious-unit"]),
      ("unresolved > 48h → flag\n  warn at 40m", ["suspicious-unit"]),
      ("unresolved > 30d → flag\n  warn at 20h", ["suspicious-unit"]),
      ("unresolved > 48h → flag", []),
      ("unresolved > 5m → flag", []),
      ("unresolved > 30d → flag", []),
      ("unresolved > 90s → flag", []),
      ("latency > 500ms → flag", []),
      ("unresolved > 48h → flag\n  warn at 40h", []),
      ("unresolved > 48h → flag\n  warn at 80%", []),
      ("unresolved > 30d → flag\n  warn at 25d", []),
      ("unresolved > 1h → flag\n  warn at 50m", []),
    ])
  func units(_ block: String, _ expected: [String]) {
    #expect(Self.codes("policy u:\n  \(block)\n") == expected)
  }

  @Test("a state or a duration compared with a plain number is an error suggesting hours")
  func plainNumbers() {
    for (condition, help) in [
      ("unresolved > 48", "did you mean 48h? A state's length is compared with a duration"),
      ("unresolved > 1.5", "did you mean 1h30m? A state's length is compared with a duration"),
      ("resolved_at - created_at > 5", "did you mean 5h? A duration is compared with a duration"),
    ] {
      do {
        _ = try PolicySet(source: Self.prelude + Self.rule(condition))
        Issue.record("\(condition) passed the checker")
      } catch {
        #expect(error.errors.map(\.help) == [help])
      }
    }
  }

  @Test(
    "texts compared with numbers, without data",
    arguments: [
      ("policy a:\n  x > 1 and \"high\" > 3 → flag\n", ["text-compared-with-number"]),
      ("policy a:\n  x > 1 and \"5\" > 3 → flag\n", []),
      (
        "policy a:\n  priority == \"high\" → flag\npolicy b:\n  priority > 3 → flag\n",
        ["text-compared-with-number"]
      ),
      (
        "policy a:\n  priority in [\"high\", \"low\"] → flag\npolicy b:\n  priority between 1 and 2 → flag\n",
        ["text-compared-with-number"]
      ),
      // A guard in the same condition; a text compared by != or not in; an empty text; a
      // text that means missing.
      ("policy a:\n  priority == \"high\" or priority > 3 → flag\n", []),
      (
        "define high = priority == \"high\" or priority > 3\npolicy a:\n  high → flag\n"
          + "policy b:\n  high and x > 1 → flag\n", []
      ),
      ("policy a:\n  score != \"n/a\" → flag\npolicy b:\n  score > 3 → flag\n", []),
      ("policy a:\n  score == \"\" → flag\npolicy b:\n  score > 3 → flag\n", []),
      (
        "missing \"N/A\"\npolicy a:\n  score == \"N/A\" → flag\npolicy b:\n  score > 3 → flag\n", []
      ),
      ("policy a:\n  score == \"5\" → flag\npolicy b:\n  score > 3 → flag\n", []),
    ])
  func textsWithoutData(_ text: String, _ expected: [String]) {
    #expect(Self.codes(text) == expected)
  }

  @Test("the sampler tells fields whose values are all non-numeric texts")
  func sampledTexts() {
    let jsonl = """
      {"priority":"high","score":"4","tier":"gold","n":null,"c":{"d":"x"}}
      {"priority":"low","score":5,"tier":true,"n":"3"}
      {"priority":"high","score":"n/a"}
      """
    let sample = FieldSampler.sample(input: ByteInput(string: jsonl), format: .jsonl, limit: 10)
    #expect(
      sample.textFields == [
        FieldPath("priority"): ["high", "low"], FieldPath(["c", "d"]): ["x"],
      ])
    let csv = "priority,score,empty\nhigh,4,\nlow,,\nmedium,n/a,\nurgent,3,\n"
    let fromCSV = FieldSampler.sample(input: ByteInput(string: csv), format: .csv, limit: 3)
    #expect(fromCSV.fields == [FieldPath("empty"), FieldPath("priority"), FieldPath("score")])
    #expect(fromCSV.textFields == [FieldPath("priority"): ["high", "low", "medium"]])
  }

  @Test("--allow switches warnings off in check and audit; unknown codes are usage errors")
  func allow() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "vigil-lints-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let rules = folder.appendingPathComponent("l.vigil").path
    let data = folder.appendingPathComponent("d.jsonl").path
    try "policy p:\n  x > 5 and x < 3 → flag\n".write(
      toFile: rules, atomically: true, encoding: .utf8)
    try #"{"id":"1","x":4}"#.write(toFile: data, atomically: true, encoding: .utf8)

    let check = vigil(["check", rules])
    #expect(check.code == 0)
    let warning = """
      \(rules):2:3: warning[never-fires]: this condition is never true, so the policy never fires
        2 |   x > 5 and x < 3 → flag
          |   ^~~~~~~~~~~~~~~
        help: 'x > 5' and 'x < 3' cannot both be true

      """
    #expect(check.stderr == warning + "vigil: 1 policy checked: no errors, 1 warning\n")
    // Every command renders a diagnostic the same way.
    let audit = vigil(["audit", rules, "--data", data, "--now", "2026-11-25T00:00:00Z"])
    #expect(audit.stderr.hasPrefix(warning))

    let allowed = vigil(["check", rules, "--allow", "never-fires"])
    #expect(allowed.stderr == "vigil: 1 policy checked: no errors, 0 warnings (1 allowed)\n")
    #expect(vigil(["check", rules, "--allow", "all"]).stderr == allowed.stderr)
    #expect(vigil(["check", rules, "--allow", "unused-definition,never-fires"]).code == 0)
    let quietAudit = vigil(
      ["audit", rules, "--data", data, "--now", "2026-11-25T00:00:00Z", "--allow", "never-fires"])
    #expect(quietAudit.stderr.hasPrefix("audit by vigil 0.1.0\n"))
    #expect(quietAudit.stderr.contains("\nvigil: 1 line, 1 record audited"))

    let typo = vigil(["check", rules, "--allow", "never-fire"])
    #expect(typo.code == 2)
    #expect(
      typo.stderr.hasPrefix(
        "vigil check: --allow: no warning is called 'never-fire'; did you mean 'never-fires'?\n"))
    let error = vigil(["check", rules, "--allow", "type-mismatch"])
    #expect(error.code == 2)
    #expect(
      error.stderr.hasPrefix(
        "vigil check: --allow takes the code of a warning, and 'type-mismatch' is an error's: "
          + "errors cannot be allowed\n"))
  }
}
