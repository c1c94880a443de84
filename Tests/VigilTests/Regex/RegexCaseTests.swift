import Foundation
import Testing
import VigilRegex

@testable import Vigil

/// Vigil's own regular-expression engine, construct by construct: a pattern, a text, and
/// whether the text holds a match (anywhere, as `matches` asks).
@Suite("Regex: the cases of every construct")
struct RegexCaseTests {
  static let cases: [(pattern: String, text: String, match: Bool)] = [
    // Literals search anywhere; an empty pattern matches every text.
    ("refund", "a refund request", true), ("refund", "refunded", true), ("refund", "Refund", false),
    ("", "", true), ("", "abc", true), ("abc", "", false), ("é", "café", true),
    ("日本", "日本語", true), ("a b", "a  b", false),
    // `.` is one Unicode scalar, and not a line feed unless (?s).
    ("^.$", "é", true), ("^.$", "日", true), ("^..$", "日", false), ("^.$", "😀", true),
    ("^.$", "e\u{301}", false), ("^..$", "e\u{301}", true), ("a.c", "a\nc", false),
    ("(?s)a.c", "a\nc", true), ("a.c", "a\rc", true),
    // Classes, ranges, negation, escapes inside, a leading ']' and a trailing '-'.
    ("^[abc]$", "b", true), ("^[abc]$", "d", false), ("^[a-z]+$", "hello", true),
    ("^[a-z]+$", "Hello", false), ("^[^a-z]$", "A", true), ("^[^a-z]$", "q", false),
    ("^[^a]$", "\n", true), ("^[]a]$", "]", true), ("^[a-]$", "-", true),
    ("^[\\d.]+$", "3.14", true), ("^[\\]]$", "]", true), ("^[\\x41-\\x43]$", "B", true),
    ("^[à-ÿ]$", "é", true), ("^[^à-ÿ]$", "é", false), ("^[\\w-]+$", "a-b_c", true),
    ("^[[:alpha:]]+$", "abcXYZ", true), ("^[[:digit:]]$", "x", false),
    ("^[[:^space:]]+$", "a b", false), ("^[[:xdigit:]]+$", "0fA9", true),
    // \d \w \s and their negations are ASCII, as in RE2.
    ("^\\d+$", "0123456789", true), ("^\\d$", "٣", false), ("^\\D$", "٣", true),
    ("^\\w+$", "snake_case9", true), ("^\\w$", "é", false), ("^\\W$", "é", true),
    ("^\\s$", " ", true), ("^\\s$", "\t", true), ("^\\s$", "\n", true), ("^\\s$", "\u{0B}", false),
    ("^\\s$", "\u{A0}", false), ("^\\S+$", "a\u{A0}b", true),
    // Character escapes.
    ("a\\.b", "a.b", true), ("a\\.b", "axb", false), ("\\\\", "a\\b", true), ("\\t", "a\tb", true),
    ("\\n", "a\nb", true), ("\\r", "\r", true), ("\\f", "\u{0C}", true), ("\\v", "\u{0B}", true),
    ("\\a", "\u{07}", true), ("\\x41", "A", true), ("\\x{263a}", "☺", true),
    ("\\x{1F600}", "😀", true), ("\\Q.*+\\E", "a.*+b", true), ("\\Q.*+\\E", "aaa", false),
    ("\\Q(?i)x", "(?i)x", true), ("\\(\\)\\[\\]\\{\\}\\|\\^\\$\\?\\*\\+", "()[]{}|^$?*+", true),
    // Anchors: ^ and $ are the ends of the text (of a line with (?m)); \A \z always the text.
    ("^ab", "ab", true), ("^ab", "cab", false), ("ab$", "cab", true), ("ab$", "abc", false),
    ("ab$", "ab\n", false), ("^b", "a\nb", false), ("(?m)^b", "a\nb", true),
    ("(?m)a$", "a\nb", true), ("a$", "a\nb", false), ("(?m)\\Ab", "a\nb", false),
    ("(?m)a\\z", "a\nb", false), ("\\Aa", "ab", true), ("b\\z", "ab", true), ("^$", "", true),
    ("^$", "a", false), ("(?m)^$", "a\n\nb", true),
    // \b and \B: ASCII word boundaries.
    ("\\bcat\\b", "a cat sat", true), ("\\bcat\\b", "concat", false), ("\\Bcat", "concat", true),
    ("\\Bcat", "cat", false), ("\\b", "", false), ("\\B", "", true), ("\\bé", " é", false),
    ("x\\b", "x!", true), ("x\\B", "x!", false),
    // Groups, non-capturing and named groups, alternation.
    ("^(ab)+$", "ababab", true), ("^(ab)+$", "ababa", false), ("^(?:ab|cd)+$", "abcdab", true),
    ("^(?P<word>ab)c$", "abc", true), ("^(?<word>ab)c$", "abc", true), ("cat|dog", "hotdog", true),
    ("cat|dog", "cow", false), ("^(cat|dog)$", "catdog", false), ("a|", "zzz", true),
    ("^(|a)$", "", true), ("()", "x", true),
    // Repetitions, greedy and lazy (the verdict is the same).
    ("^a*$", "", true), ("^a*$", "aaa", true), ("^a+$", "", false), ("^ab?c$", "ac", true),
    ("^ab?c$", "abbc", false), ("^a{3}$", "aaa", true), ("^a{3}$", "aa", false),
    ("^a{2,}$", "aaaaa", true), ("^a{2,}$", "a", false), ("^a{2,3}$", "aaa", true),
    ("^a{2,3}$", "aaaa", false), ("^a{0}$", "", true), ("^a*?$", "aa", true),
    ("^a+?b$", "aab", true), ("^a??b$", "b", true), ("^a{2,3}?$", "aa", true),
    ("^a{2}?$", "aa", true), ("^(a|b)*c$", "ababc", true), ("^(a*)*$", "aaa", true),
    ("^(a*)+b$", "aab", true), ("^(?:a?)*$", "aa", true), ("^(\\b)*x$", "x", true),
    // A brace that is not a repetition is a literal, as in RE2.
    ("a{", "a{", true), ("a{x}", "a{x}", true), ("a{1,x}", "a{1,x}", true), ("{", "{", true),
    ("a}", "a}", true), ("^x{,3}$", "x{,3}", true),
    // Flags: (?i) with simple case mapping, (?i:…), turning off with -, (?U) parsed.
    ("(?i)refund", "No REFUND", true), ("(?i)ÉTÉ", "été", true), ("(?i)σ", "Σ", true),
    ("(?i)k", "\u{212A}", true), ("(?i)[a-c]+", "AbC", true), ("(?i)[^a]", "A", false),
    ("(?i:a)b", "Ab", true), ("(?i:a)b", "AB", false), ("(?i)a(?-i)b", "AB", false),
    ("(?i)a(?-i)b", "Ab", true), ("(?i)a|b", "B", true), ("a(?i)b|c", "C", true),
    ("(?U)a+", "aa", true), ("(?ims)^A.$", "x\na\n", true), ("(?i)\\x41", "a", true),
    ("(?i)ß", "ẞ", true), ("(?i)ss", "ß", false), ("(?i)\\x{212A}", "k", false),
    ("(?i)[^k]", "\u{212A}", false), ("a\\ b", "a b", true),
    // Texts with many scalars of several lengths.
    ("b+", "ébbb日", true), ("日+本", "日日日本", true), ("[日本]{2}", "x日本x", true),
    ("^[^日]+$", "日", false), ("😀|x", "a😀", true), ("(?i)é|日", "xxxÉ", true),
    ("[^a]b", "aaab", false), ("[^a]b", "aaéb", true), ("\\d{3}", "ab12c345", true),
    ("\\d{3}", "ab12c34", false), ("[é日]x", "日é x", false),
  ]

  @Test func everyCase() throws {
    for (pattern, text, expected) in Self.cases {
      let regex = try CompiledRegex(pattern)
      #expect(regex.matches(text) == expected, "\(pattern) on \(text.debugDescription)")
    }
  }

  /// The same cases through a text that is not stored contiguously (a bridged or
  /// substring-made string takes the copying path).
  @Test func everyCaseOnSubstrings() throws {
    for (pattern, text, expected) in Self.cases {
      let regex = try CompiledRegex(pattern)
      let wrapped = String(("<" + text + ">").dropFirst().dropLast())
      #expect(regex.matches(wrapped) == expected, "\(pattern) on \(text.debugDescription)")
    }
  }

  /// One compiled pattern shared by many threads at once gives each the verdicts one
  /// thread gets (the scratch space is per call).
  @Test func sharedAcrossThreads() throws {
    let compiled = try Self.cases.map { try CompiledRegex($0.pattern) }
    let expected = Self.cases.map(\.match)
    let results = ResultSlots(count: 8)
    DispatchQueue.concurrentPerform(iterations: 8) { thread in
      var verdicts: [Bool] = []
      for _ in 0..<20 {
        verdicts = zip(compiled, Self.cases).map { $0.matches($1.text) }
      }
      results.set(thread, verdicts)
    }
    #expect(results.all() == Array(repeating: expected, count: 8))
  }
}

/// Per-thread results, written under a lock.
final class ResultSlots: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [[Bool]]

  init(count: Int) { slots = Array(repeating: [], count: count) }

  func set(_ index: Int, _ value: [Bool]) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  func all() -> [[Bool]] {
    lock.lock()
    defer { lock.unlock() }
    return slots
  }
}
