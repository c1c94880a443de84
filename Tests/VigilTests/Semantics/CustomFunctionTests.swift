import Foundation
import Testing
import Vigil

/// Functions an embedder adds (`PolicySet(…functions:)`): checked as builtins are, run on
/// each record, their results' types held to what they declare.
@Suite("Custom functions")
struct CustomFunctionTests {
  /// 1 for a comment that thanks, 0 for another, and for "oops" a text (not its declared
  /// number).
  static let sentiment = CustomFunction("sentiment", arguments: [.text], result: .number) {
    values in
    switch values[0] {
    case .text("oops"): return .text("oops")
    case .text(let text): return .number(text.contains("thanks") ? 1 : 0)
    default: return .null
    }
  }
  static let now = Date(timeIntervalSince1970: 1_764_028_800)

  /// The error messages of checking `source` with the sentiment function, or [] if none.
  static func errors(_ source: String, functions: [CustomFunction] = [sentiment]) -> [String] {
    do {
      _ = try PolicySet(source: source, functions: functions)
      return []
    } catch {
      return error.errors.map {
        "\($0.code.rawValue): \($0.message)" + ($0.help.map { " (\($0))" } ?? "")
      }
    }
  }

  @Test("a policy calls it on each record; a missing argument reaches it as null")
  func calledOnEachRecord() throws {
    let policies = try PolicySet(
      source: "sentiment(comment) < 0.5 → notify owner\n", functions: [Self.sentiment])
    let audit = policies.audit(
      jsonLines: """
        {"id":"A","owner":"ana","comment":"thanks a lot"}
        {"id":"B","owner":"bo","comment":"too slow"}
        {"id":"C","owner":"cy"}
        """, now: Self.now)
    #expect(audit.violations.map(\.record) == ["B"])
    #expect(audit.dataErrors.isEmpty)
  }

  @Test(
    "its calls are checked as a builtin's",
    arguments: [
      (
        "sentiment(comment, 2) < 0.5 → flag\n",
        ["bad-arguments: sentiment() takes 1 argument, not 2 (sentiment(text))"]
      ),
      (
        "sentiment(3) < 0.5 → flag\n",
        ["bad-arguments: sentiment() takes a text as its argument 1, not a number"]
      ),
      (
        "sentimnt(comment) < 0.5 → flag\n",
        [
          "unknown-function: no function named 'sentimnt' (did you mean 'sentiment'? sentiment(text))"
        ]
      ),
    ])
  func checkedAsBuiltins(source: String, expected: [String]) {
    #expect(Self.errors(source) == expected)
  }

  @Test("its result's type is checked where it is used")
  func resultTypeChecked() {
    #expect(
      Self.errors("sentiment(comment) > 2h → flag\n") == [
        "type-mismatch: cannot compare a number with a duration (write the number as a duration, e.g. 48h or 30m)"
      ])
    #expect(Self.errors("sentiment(comment) == 1 → flag\n") == [])
  }

  @Test("a result of another type than declared is a data error, and the call unknown")
  func wrongResultIsADataError() throws {
    let policies = try PolicySet(
      source: "sentiment(comment) < 0.5 → notify owner\n", functions: [Self.sentiment])
    let audit = policies.audit(
      jsonLines: #"{"id":"A","owner":"ana","comment":"oops"}"#, now: Self.now)
    #expect(audit.violations.isEmpty)
    #expect(
      audit.dataErrors.map { "\($0.error.field): \($0.error.message)" } == [
        "sentiment(): sentiment() returned the text 'oops', not a number"
      ])
  }

  @Test(
    "a function whose name cannot be called is refused",
    arguments: [
      ("len", "bad-arguments: the function 'len' is a builtin's name: give yours another"),
      ("count", "bad-arguments: the function 'count' is a builtin's name: give yours another"),
      (
        "2fast",
        "bad-arguments: '2fast' is not a name a policy can call: letters, digits and '_', not first a digit"
      ),
    ])
  func misnamedRefused(name: String, expected: String) {
    let function = CustomFunction(name, arguments: [], result: .bool) { _ in .bool(true) }
    #expect(Self.errors("x == 1 → flag\n", functions: [function]) == [expected])
  }

  @Test("a function given twice is refused")
  func givenTwice() {
    #expect(
      Self.errors("x == 1 → flag\n", functions: [Self.sentiment, Self.sentiment]) == [
        "bad-arguments: the function 'sentiment' is given twice"
      ])
  }
}
