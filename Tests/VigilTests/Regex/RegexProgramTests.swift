import Testing
import VigilRegex

@testable import Vigil

/// What the compiler reads off a pattern for the byte searches that run before the
/// automaton: the whole pattern as a literal, the prefix every match starts with, the bytes
/// every match contains, whether matches start only at the text's start, and which bytes a
/// match can start with.
@Suite("Regex: literals and anchors read off the program")
struct RegexProgramTests {
  static let cases:
    [(pattern: String, literal: String?, prefix: String, required: String, anchored: Bool)] = [
      ("refund", "refund", "refund", "refund", false),
      ("", "", "", "", false),
      ("a{3}b", "aaab", "aaab", "aaab", false),
      ("(?:ab){2}", "abab", "abab", "abab", false),
      ("[.]x", ".x", ".x", ".x", false),
      ("(?i)refund", nil, "", "", false),
      ("ORD-\\d+", nil, "ORD-", "ORD-", false),
      ("\\bORD-\\d{6}\\b", nil, "ORD-", "ORD-", false),
      ("[a-z]+@[a-z]+\\.com", nil, "", ".com", false), ("[a-z]+@[a-z]+", nil, "", "@", false),
      ("x*abc", nil, "", "abc", false),
      ("ab(c|d)ef", nil, "ab", "ab", false),
      ("abc|abd", nil, "ab", "ab", false),
      ("cat|dog", nil, "", "", false),
      ("a+bc", nil, "a", "bc", false),
      ("^abc", nil, "abc", "abc", true),
      ("\\Aab|\\Acd", nil, "", "", true),
      ("(?m)^abc", nil, "abc", "abc", false),
      ("a?^b", nil, "", "b", false),
      ("é+", nil, "é", "é", false),
    ]

  @Test func literals() throws {
    for (pattern, literal, prefix, required, anchored) in Self.cases {
      let program = try CompiledRegex(pattern).program
      #expect(program.literal.map { String(decoding: $0, as: UTF8.self) } == literal, "\(pattern)")
      #expect(String(decoding: program.prefix, as: UTF8.self) == prefix, "\(pattern)")
      #expect(String(decoding: program.required, as: UTF8.self) == required, "\(pattern)")
      #expect(program.anchoredStart == anchored, "\(pattern)")
    }
  }

  /// The bytes a match can start with (nil: every byte may start one).
  @Test func firstBytes() throws {
    let notA = String((0..<128).filter { $0 != 0x61 }.map { Character(UnicodeScalar($0)) })
    let leads = String((0xC2..<0xF5).map { Character(UnicodeScalar($0)) })
    let cases: [(String, String?)] = [
      ("[ab]x|cy", "abc"), ("(?i)k", "Kk\u{E2}"), ("\\bx", "x"), ("a*b", "ab"), ("a*", nil),
      (".b", nil), ("[^a]b", notA + leads), ("\\d", "0123456789"), ("é", "\u{C3}"),
      ("[à-ÿ日]", "\u{C3}\u{E6}"), ("[\\x{80}-\\x{10FFFF}]", "\u{C2}\u{C3}" + leads.dropFirst(2)),
    ]
    for (pattern, expected) in cases {
      let table = try CompiledRegex(pattern).program.firstBytes
      let bytes = table.map { table in (0..<256).filter { table[$0] } }
      let wanted = expected.map { text in
        Array(Set(text.unicodeScalars.map { Int($0.value) })).sorted()
      }
      #expect(bytes == wanted, "\(pattern)")
    }
  }
}
