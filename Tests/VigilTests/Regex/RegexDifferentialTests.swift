import Foundation
import Testing
import VigilRegex

@testable import Vigil

/// Vigil's engine against Foundation's `NSRegularExpression` (ICU) on random patterns of
/// the syntax both read the same way, and random texts over a small ASCII alphabet (where
/// `\d \w \s \b` mean the same in both, and without line feeds, where `$` differs): the
/// same verdict, case by case: 3,000 of them, with a fixed seed. (Foundation's matcher takes
/// about a millisecond a call on Linux, which bounds the count.)
@Suite("Regex: differential against NSRegularExpression")
struct RegexDifferentialTests {
  static let atoms = [
    "a", "b", "c", "A", "1", " ", ".", "[ab]", "[^a]", "[a-c]", "[^ab1]", "\\d", "\\w", "\\s",
    "\\W", "\\D", "\\S", "\\.", "[A-Ca]", "_",
  ]
  static let anchors = ["^", "$", "\\b", "\\B", "\\A", "\\z"]
  static let quantifiers = [
    "*", "+", "?", "{2}", "{1,2}", "{0,3}", "{2,}", "*?", "+?", "??", "{1,3}?",
  ]

  static func pattern(_ random: inout SplitMix, depth: Int) -> String {
    var branches: [String] = []
    for _ in 0..<(random.below(4) == 0 ? 2 : 1) {
      var items = ""
      for _ in 0..<(1 + random.below(3)) {
        let roll = random.below(10)
        if roll == 0 {
          items += random.pick(anchors)
          continue
        }
        var atom: String
        if roll <= 2 && depth < 3 {
          let inner = pattern(&random, depth: depth + 1)
          atom = random.below(2) == 0 ? "(\(inner))" : "(?:\(inner))"
        } else {
          atom = random.pick(atoms)
        }
        if random.below(3) == 0 { atom += random.pick(quantifiers) }
        items += atom
      }
      branches.append(items)
    }
    return branches.joined(separator: "|")
  }

  static func text(_ random: inout SplitMix) -> String {
    let alphabet = Array("aabbcA1 _.-")
    return String((0..<random.below(9)).map { _ in alphabet[random.below(alphabet.count)] })
  }

  @Test func sameVerdictAsFoundation() throws {
    var random = SplitMix(seed: 20_261_204)
    var compared = 0
    for _ in 0..<1000 {
      var pattern = Self.pattern(&random, depth: 0)
      if random.below(6) == 0 { pattern = "(?i)" + pattern }
      let ours = try CompiledRegex(pattern)
      let theirs = try NSRegularExpression(pattern: pattern)
      for _ in 0..<3 {
        let text = Self.text(&random)
        let range = NSRange(text.startIndex..., in: text)
        let expected = theirs.firstMatch(in: text, range: range) != nil
        #expect(ours.matches(text) == expected, "\(pattern) on \(text.debugDescription)")
        compared += 1
      }
    }
    #expect(compared == 3000)
  }
}
