import Foundation
import Testing
import VigilRegex

@testable import Vigil

/// The limits of a pattern: group nesting (so that compiling cannot exhaust a thread's
/// stack), repetition counts and program size.
@Suite("Regex: limits")
struct RegexLimitTests {
  static func nested(_ depth: Int) -> String {
    String(repeating: "(?:a", count: depth) + String(repeating: ")*", count: depth)
  }

  /// Groups nested as deep as allowed compile and match on a thread with a 512 KiB stack
  /// (a secondary thread's size on macOS).
  @Test func deepestNestingOnASmallStack() {
    let pattern = Self.nested(RegexParser.maxDepth)
    let done = DispatchSemaphore(value: 0)
    let verdict = Verdict()
    let thread = Thread {
      verdict.value = (try? CompiledRegex(pattern))?.matches("aaa")
      done.signal()
    }
    thread.stackSize = 512 * 1024
    thread.start()
    done.wait()
    #expect(verdict.value == true)
  }

  @Test func oneLevelTooDeep() {
    #expect(
      throws: RegexError(
        .invalid, "groups nested more than 64 deep", 256..<257, help: "simplify the pattern")
    ) {
      try CompiledRegex(Self.nested(RegexParser.maxDepth + 1))
    }
  }

  @Test func counts() throws {
    #expect(try CompiledRegex("^a{1000}$").matches(String(repeating: "a", count: 1000)))
    #expect(try !CompiledRegex("^a{1000}$").matches(String(repeating: "a", count: 999)))
    #expect(throws: RegexError.self) { try CompiledRegex("a{1001}") }
    #expect(throws: RegexError.self) { try CompiledRegex("a{0,1001}") }
    #expect(try CompiledRegex("(?:a{1000}){19}").program.instructions.count == 19_001)
    #expect(
      throws: RegexError(
        .invalid, "the pattern is too large: it compiles to more than 20000 steps", 0..<15,
        help: "use smaller repetition counts")
    ) { try CompiledRegex("(?:a{1000}){20}") }
  }

  /// Found by the regex fuzz target (a timeout in CI): each `a` of a case-insensitive
  /// repetition was folded anew, 20,000 times before the size limit stopped it. A set is now
  /// folded once and shared; the pattern is refused as too large at once.
  @Test func caseInsensitiveRepetitionFoldsItsSetOnce() throws {
    #expect(
      throws: RegexError(
        .invalid, "the pattern is too large: it compiles to more than 20000 steps", 0..<18,
        help: "use smaller repetition counts")
    ) { try CompiledRegex("(?i)(a{100}){1000}") }
    let shared = try CompiledRegex("(?i)(a{100}){10}")
    #expect(shared.program.sets.count == 1)
    #expect(shared.matches(String(repeating: "A", count: 1000)))
    #expect(!shared.matches(String(repeating: "A", count: 999)))
  }
}

/// A verdict written by another thread before a semaphore is signalled.
final class Verdict: @unchecked Sendable {
  var value: Bool?
}
