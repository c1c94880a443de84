import Testing
import VigilSyntax

@testable import Vigil

@Suite("Parser")
struct ParserTests {
  @Test(
    "precedence and juxtaposition",
    arguments: [
      ("complaint unresolved > 48h", "(and* complaint (> unresolved dur:172800000))"),
      ("a or b c", "(or a (and* b c))"),
      ("a and b or c and d", "(or (and a b) (and c d))"),
      ("not score > 3", "(not (> score 3))"),
      ("not a and b", "(and (not a) b)"),
      ("a + b * c > 1", "(> (+ a (* b c)) 1)"),
      ("a - b - c == 0", "(== (- (- a b) c) 0)"),
      ("-x < 0", "(< (- x) 0)"),
      ("status not in [\"a\", \"b\"]", "(not in status [\"a\" \"b\"])"),
      ("tags contains \"vip\"", "(contains tags \"vip\")"),
      ("s matches \"(?i)x\"", "(matches s \"(?i)x\")"),
      ("x between 1 and 5 and y", "(and (between x 1 5) y)"),
      ("owner is missing", "(missing owner)"),
      ("owner is present", "(present owner)"),
      ("owner is not missing", "(present owner)"),
      ("owner is not present", "(missing owner)"),
      ("customer.tier == \"key\"", "(== customer.tier \"key\")"),
      ("`Days Open` > 3", "(> `Days Open` 3)"),
      ("a.`b c`.d", "a.b c.d"),
      ("time(x, \"p\", \"z\") < now", "(< (time() x \"p\" \"z\") now)"),
      ("vip (a or b)", "(and* vip (or a b))"),
      ("(from a until b) > 1h30m", "(> (state a b) dur:5400000)"),
      ("share > 20%", "(> share 20%)"),
      ("t > @2026-11-25T00:00:00Z", "(> t @1795564800000)"),
      ("x == null or y == true", "(or (== x null) (== y true))"),
      ("a\n    and b", "(and a b)"),
      ("f(\n  a,\n  b\n)", "(f() a b)"),
    ])
  func expressions(_ source: String, _ expected: String) {
    #expect(condition(source) == expected)
  }

  @Test func statementsAndProperties() throws {
    let (file, diagnostics) = parse(
      """
      include "common.vigil"
      define unresolved = from created_at until resolved_at
      complaint unresolved > 48h → escalate to owner
      policy slow:
        channel == "email" and wait > 1h -> notify team, flag
        severity: high
        because: "Fast answers."
        accountable: team_lead

      policy other:
        x -> escalate to "support-leads"
      """)
    #expect(diagnostics.isEmpty)
    #expect(file.items.count == 5)
    guard case .include(let include) = file.items[0] else { throw Failure("include") }
    #expect(include.path == "common.vigil")
    guard case .define(let definition) = file.items[1] else { throw Failure("define") }
    #expect(definition.name == "unresolved")
    #expect(sexpr(definition.value) == "(state created_at resolved_at)")
    guard case .policy(let bare) = file.items[2] else { throw Failure("rule") }
    #expect(bare.name == nil)
    #expect(bare.rule?.actions.map(\.kind) == [.escalate])
    guard case .policy(let slow) = file.items[3] else { throw Failure("policy") }
    #expect(slow.name == "slow")
    #expect(slow.severity?.name == "high")
    #expect(slow.because == "Fast answers.")
    #expect(slow.accountable.map(sexpr) == "team_lead")
    #expect(slow.rule?.actions.map(\.kind) == [.notify, .flag])
    #expect(slow.rule?.actions.first?.target.map(sexpr) == "team")
  }

  @Test func everyNodeCarriesItsRange() throws {
    let text = "define x = a + (b * 2)"
    let (file, _) = parse(text)
    guard case .define(let definition) = file.items[0] else { throw Failure("define") }
    let source = Source(text: text, file: "t")
    #expect(source.text(in: definition.value.range) == "a + (b * 2)")
    guard case .binary(_, let left, let right) = definition.value.kind else {
      throw Failure("binary")
    }
    #expect(source.text(in: left.range) == "a")
    #expect(source.text(in: right.range) == "(b * 2)")
    #expect(source.text(in: definition.nameRange) == "x")
  }

  @Test func recoversAndReportsEveryError() {
    let (file, diagnostics) = parse(
      """
      define ok = a > 1
      define broken = (a > 1
      policy p:
        a >> 2 -> flag
      b > 2 → flagg
      c > 3 → flag
      d > 4
      define also_ok = b
      """)
    #expect(diagnostics.map { $0.location.line } == [2, 4, 5, 7])
    #expect(diagnostics.allSatisfy { $0.code == .syntax })
    let names: [String] = file.items.compactMap {
      if case .define(let definition) = $0 { return definition.name }
      return nil
    }
    #expect(names == ["ok", "also_ok"])
  }

  @Test func limitsNestingInsteadOfOverflowing() {
    let deep = String(repeating: "(", count: 5000) + "a" + String(repeating: ")", count: 5000)
    let (_, diagnostics) = parse("define x = \(deep)")
    #expect(diagnostics.map(\.code) == [.nestingTooDeep])
    let nots = String(repeating: "not ", count: 5000)
    let (_, more) = parse("define y = \(nots) a")
    #expect(more.map(\.code) == [.nestingTooDeep])
  }

  @Test(
    "syntax errors say what to do",
    arguments: [
      ("a > 1", "this rule has no action"),
      ("a > 1 → shout", "expected an action, found 'shout'"),
      ("a > 1 → escalate owner", "expected 'to' after 'escalate'"),
      ("a 1 < b < 2 → flag", "comparisons cannot be chained"),
      ("define = 3", "expected a name to define after 'define', found '='"),
      ("define x 3", "expected '=' after 'define x'"),
      ("x is null → flag", "expected 'missing' or 'present' after 'is', found 'null'"),
      ("from a → flag", "expected 'until' in 'from … until …'"),
    ])
  func messages(_ source: String, _ message: String) {
    let (_, diagnostics) = parse(source)
    #expect(diagnostics.first?.message == message)
  }
}

struct Failure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
