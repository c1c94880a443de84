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
}

/// A verdict written by another thread before a semaphore is signalled.
final class Verdict: @unchecked Sendable {
  var value: Bool?
}
