import VigilFormat
import VigilSyntax

/// What identifies a policy across two versions of a policy set (`vigil diff`): a named
/// policy is its name; a bare rule, whose name says only where it stands, is its text as
/// `vigil fmt` prints it (without comments) — so a rule that moves, or a folder typed another
/// way, is the same rule — and, when one version has several rules of that text, which of
/// them it is, in order.
package enum PolicyIdentity: Sendable, Hashable {
  /// A named policy.
  case named(String)
  /// A bare rule: its canonical text, and how many rules of that text come before it.
  case rule(text: String, occurrence: Int)
}

extension PolicySet {
  /// Each policy's identity, by its name.
  package var policyIdentities: [String: PolicyIdentity] {
    var texts: [String: String] = [:]
    let formatter = PolicyFormatter()
    for file in checked.files where file.items.contains(where: Self.isBareRule) {
      for (line, text) in formatter.bareRuleTexts(of: file) {
        texts["\(file.source.file):\(line)"] = text
      }
    }
    var seen: [String: Int] = [:]
    var identities: [String: PolicyIdentity] = [:]
    for policy in checked.policies {
      guard policy.name == policy.location, let text = texts[policy.location] else {
        identities[policy.name] = .named(policy.name)
        continue
      }
      let occurrence = seen[text, default: 0]
      seen[text] = occurrence + 1
      identities[policy.name] = .rule(text: text, occurrence: occurrence)
    }
    return identities
  }

  private static func isBareRule(_ item: Item) -> Bool {
    if case .policy(let policy) = item { return policy.name == nil }
    return false
  }
}
