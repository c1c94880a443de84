import Testing
import VigilRegex

@testable import Vigil

/// The patterns that make a backtracking engine take exponential time, on texts of 100 kB:
/// Vigil's engine answers them in one pass over the text. (No timing is asserted here; the
/// whole suite finishing is the evidence, and the benchmark measures.)
@Suite("Regex: pathological patterns on 100 kB texts")
struct RegexPathologicalTests {
  static let size = 100_000
  static let a = String(repeating: "a", count: size)
  static let x = String(repeating: "x", count: size)
  static let words = String(repeating: "word ", count: size / 5)

  static let cases: [(pattern: String, text: String, match: Bool)] = [
    ("^(a+)+$", a + "!", false), ("^(a+)+$", a, true),
    ("(x+x+)+y", x, false), ("(x+x+)+y", "y" + x, false), ("(x+x+)+y", x + "y", true),
    ("^(a|a)*$", a + "!", false), ("^(a|a)*$", a, true),
    ("(.*a){12}", String(repeating: "b", count: size) + String(repeating: "a", count: 11), false),
    ("(.*a){12}", a, true),
    ("(\\w+\\s?)+$", words + "!", false), ("^(\\w+\\s?)*$", words + "!", false),
    ("^(\\w+\\s?)*$", words, true), ("(a*)*b", a, false), ("(a|aa)+$", a + "!", false),
    ("^(a?){50}a{50}$", String(repeating: "a", count: 50), true),
    ("(?i)(A+)+B", a, false), ("[a-z]+[0-9]", a, false),
  ]

  @Test func verdicts() throws {
    for (pattern, text, expected) in Self.cases {
      let regex = try CompiledRegex(pattern)
      #expect(regex.matches(text) == expected, "\(pattern) on \(text.prefix(12))… (\(text.count))")
    }
  }
}
