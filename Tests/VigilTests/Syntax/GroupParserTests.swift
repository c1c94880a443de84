import Testing
import VigilSyntax

@testable import Vigil

@Suite("Parser: group policies")
struct GroupParserTests {
  func policy(_ text: String) throws -> PolicyDecl {
    let (file, diagnostics) = parse(text)
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
    for case .policy(let decl) in file.items { return decl }
    throw Failure("no policy")
  }

  @Test func perAmongAtLeast() throws {
    let decl = try policy(
      """
      policy p:
        per owner, customer.tier, monthly by created_at in "Europe/Paris"
        among type == "survey"
        share(score <= 2 where channel == "web") > 20% → notify owner
        at least 20 surveys
      """)
    let grouping = try #require(decl.grouping)
    #expect(grouping.keys.map(sexpr) == ["owner", "customer.tier"])
    #expect(grouping.window?.period == .monthly)
    #expect(grouping.window.map { sexpr($0.time) } == "created_at")
    #expect(grouping.window?.zone?.name == "Europe/Paris")
    #expect(decl.scope.map(sexpr) == #"(== type "survey")"#)
    #expect(decl.minimum?.count == 20)
    #expect(decl.minimum?.noun == "surveys")
    #expect(
      decl.rule.map { sexpr($0.condition) }
        == #"(> (share() (where (<= score 2) (== channel "web"))) 20%)"#)
  }

  @Test func windowAloneAndNoNoun() throws {
    let decl = try policy("policy p:\n  per weekly by at\n  count > 1 → flag\n  at least 3")
    #expect(decl.grouping?.keys.isEmpty == true)
    #expect(decl.grouping?.window?.period == .weekly)
    #expect(decl.grouping?.window?.zone == nil)
    #expect(decl.minimum?.count == 3)
    #expect(decl.minimum?.noun == nil)
  }

  @Test("per and among stay field names when an operator follows them")
  func fieldsNamedPerAndAmong() throws {
    let decl = try policy("policy p:\n  per > 3 and among == 1 → flag")
    #expect(decl.grouping == nil)
    #expect(decl.rule.map { sexpr($0.condition) } == "(and (> per 3) (== among 1))")
  }

  @Test(
    "malformed group lines are syntax errors that say how to write them",
    arguments: [
      ("per team, daily", "expected 'by' and a time after 'daily'"),
      ("per team, monthly by at in Paris", "expected a time zone in quotes after 'in'"),
      ("at least many", "expected a whole number of records after 'at least'"),
      ("at least 2.5", "expected a whole number of records after 'at least'"),
      ("per team\n  per owner", "a policy has one 'per' line"),
    ])
  func malformed(line: String, message: String) {
    let (_, diagnostics) = parse("policy p:\n  \(line)\n  count > 1 → flag")
    #expect(diagnostics.map(\.message).contains(message), "\(diagnostics.map(\.message))")
  }
}
