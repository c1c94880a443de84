import Testing
import VigilSemantics
import VigilSyntax

/// The lints compare conditions by their canonical text (`ConditionKeys`): fields, texts,
/// patterns and aggregates are spelled out, not reflected at run time, and the text must stay
/// the same (two conditions are one when their keys are equal).
@Suite("Condition keys")
struct ConditionKeysTests {
  static func keys(_ source: String) -> [String] {
    var loader = PolicyLoader()
    loader.load(text: source, file: "k.vigil", root: nil)
    var checker = Checker(files: loader.files, knownFields: nil)
    guard let program = checker.check() else { return ["did not check: \(checker.diagnostics)"] }
    return program.policies.map { policy in
      ConditionKeys(aggregates: policy.group?.aggregates ?? []).key(policy.condition)
    }
  }

  @Test func keysSpellOutTheirParts() {
    let source = """
      policy texts:
        customer.tier == "gold \\"vip\\"" and note matches "^re:" → flag
      policy ranks:
        per owner
        p90(wait) > 2h and share(score <= 2) > 20% → notify owner
      """
    #expect(
      Self.keys(source) == [
        #"and{("gold \"vip\"" == field("customer"."tier")), (field("note") matches "^re:")}"#,
        #"and{(percentile(90)(field("wait"); ; ; ) > duration(7200000)), "#
          + #"(share((field("score") <= number(2.0)); ; ; ) > number(0.2))}"#,
      ])
  }
}
