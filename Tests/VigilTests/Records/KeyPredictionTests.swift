import Testing
import VigilCore
import VigilRecords

@testable import Vigil

private typealias Support = RecordReaderTestSupport

/// The JSON Lines reader expects each key to be the one that followed the previous key in
/// earlier lines (`KeyPredictions`), comparing the bytes from the end of the previous value
/// (or the object's brace) to the key's colon. These lines follow each other in one reader,
/// so that each meets the predictions the lines before it left: keys that start like the
/// expected one, are shorter or longer, have escapes, a space before the colon or two or a
/// tab after it, other whitespace between the comma and the key, the same name at another
/// depth, a repeat, or lie too near the end of the line to be compared as words.
@Suite("JSON key predictions")
struct KeyPredictionTests {
  static let fields = ["type", "types", "customer.tier", "tier", "twenty_two_bytes_key_x", "n"]

  /// Each line, and the values of `fields` it gives.
  static let lines: [(String, [Value])] = [
    (
      #"{"type": "a", "customer": {"tier": "gold"}, "tier": "x", "twenty_two_bytes_key_x": 1}"#,
      [.text("a"), .null, .text("gold"), .text("x"), .number(1), .null]
    ),
    (
      #"{"type": "a", "customer": {"tier": "gold"}, "tier": "x", "twenty_two_bytes_key_x": 2}"#,
      [.text("a"), .null, .text("gold"), .text("x"), .number(2), .null]
    ),
    (
      "{\"type\":  \"a\", \"customer\": {\"tier\":\"gold\"}, \"tier\":\t\"x\", \"twenty_two_bytes_key_x\":3}",
      [.text("a"), .null, .text("gold"), .text("x"), .number(3), .null]
    ),
    (
      #"{"types": "b", "customer": {"tier": "silver"}, "tier": "y", "n": 1234567890123}"#,
      [.null, .text("b"), .text("silver"), .text("y"), .null, .number(1_234_567_890_123)]
    ),
    (
      #"{"typ": "c", "customer": {"tiers": "no"}, "tie": "no", "n": 5}"#,
      [.null, .null, .null, .null, .null, .number(5)]
    ),
    (
      #"{"type" : "d", "customer" :{"tier" : "e"}, "tier"  : "f", "n": 6}"#,
      [.text("d"), .null, .text("e"), .text("f"), .null, .number(6)]
    ),
    (
      #"{"ty\u0070e": "g", "customer": {"ti\u0065r": "h"}, "tier": "i", "n": 7}"#,
      [.text("g"), .null, .text("h"), .text("i"), .null, .number(7)]
    ),
    (
      #"{"tier": "j", "customer": {"tier": "k"}, "type": "l", "twenty_two_bytes_key_x": 8}"#,
      [.text("l"), .null, .text("k"), .text("j"), .number(8), .null]
    ),
    (
      #"{"type":"m","customer":{"tier":"n"},"tier":"o","n":9,"pad":"................"}"#,
      [.text("m"), .null, .text("n"), .text("o"), .null, .number(9)]
    ),
    (
      #"{"type": "p", "type": "q", "customer": {"tier": "r", "tier": "s"}, "n": 10}"#,
      [.text("q"), .null, .text("s"), .null, .null, .number(10)]
    ),
    (
      #"{"twenty_two_bytes_key_y": 1, "twenty_two_bytes_key_x": 11, "twenty_three_bytes_key_xy": 1, "type": "t"}"#,
      [.text("t"), .null, .null, .null, .number(11), .null]
    ),
    (#"{"type":"u"}"#, [.text("u"), .null, .null, .null, .null, .null]),
    (
      #"{"type": "v", "customer": "w", "tier": "x"}"#,
      [.text("v"), .null, .null, .text("x"), .null, .null]
    ),
    (
      #"{"type": "a", "customer": {"tier": "gold"}, "tier": "x", "twenty_two_bytes_key_x": 12}"#,
      [.text("a"), .null, .text("gold"), .text("x"), .number(12), .null]
    ),
  ]

  @Test("every line reads as it would with no prediction")
  func linesAfterOtherLines() {
    let text = Self.lines.map(\.0).joined(separator: "\n") + "\n"
    let expected = Self.lines.enumerated().map { Support.record($0.offset + 1, $0.element.1) }
    #expect(Support.jsonItems(text, Self.fields) == expected)
  }

  @Test("each line read alone, with nothing predicted, gives the same values")
  func linesAlone() {
    for (number, (line, values)) in Self.lines.enumerated() {
      #expect(
        Support.jsonItems(line + "\n", Self.fields) == [Support.record(1, values)],
        "line \(number + 1)")
    }
  }

  @Test("a predicted key without its opening quote is a syntax error, as unpredicted")
  func predictedKeyWithoutItsQuote() {
    // Found by the fuzzer: the bytes after `!` are those of the key predicted after "id".
    let learnt = #"{"id": "R1", "direction": "inbound", "role": "senior"}"#
    let broken = #"{"id": "R2", !direction": "inbound", "role": "senior"}"#
    let fields = ["id", "direction"]
    let alone = Support.jsonItems(broken + "\n", fields)
    #expect(
      alone == [.rejected(line: 1, reason: "invalid JSON at column 14: expected a string key")])
    #expect(
      Support.jsonItems(learnt + "\n" + broken + "\n", fields) == [
        Support.record(1, [.text("R1"), .text("inbound")]),
        .rejected(line: 2, reason: "invalid JSON at column 14: expected a string key"),
      ])
  }

  @Test("a key predicted where the line breaks off is a syntax error, as unpredicted")
  func truncatedAfterPredictedKey() {
    let whole =
      #"{"type": "a", "customer": {"tier": "gold"}, "tier": "x", "twenty_two_bytes_key_x": 1}"#
    let cut = #"{"type": "a", "customer": {"tier": "gold"}, "tier": "x", "twenty_two_bytes_key_x":"#
    let items = Support.jsonItems(whole + "\n" + cut + "\n", Self.fields)
    let alone = Support.jsonItems(cut + "\n", Self.fields)
    #expect(items.count == 2)
    guard case .rejected(_, let reason) = alone.first, items.count == 2 else {
      Issue.record("the cut line was not rejected: \(alone)")
      return
    }
    #expect(items[1] == .rejected(line: 2, reason: reason))
  }

  /// Fields whose keys fill the compared bytes exactly (`, "` + 26 bytes + `": ` is 32), or
  /// overflow them by one, and a key read at two depths after a key read at neither.
  static let longFields = [
    "key_of_twenty_six_bytes_xx", "key_of_twenty_seven_bytes_x", "tier", "customer.tier",
  ]

  /// Lines that learn, meet and miss predictions of keys at the limit, with whitespace after
  /// the brace and between a value and its comma, and the same unread key before `tier` at
  /// two depths.
  static let longLines: [(String, [Value])] = [
    (
      #"{ "key_of_twenty_six_bytes_xx": 1, "key_of_twenty_seven_bytes_x": 2, "pad": 0, "tier": "x", "customer": {"pad": 0, "tier": "gold"}}"#,
      [.number(1), .number(2), .text("x"), .text("gold")]
    ),
    (
      #"{ "key_of_twenty_six_bytes_xx": 3, "key_of_twenty_seven_bytes_x": 4, "pad": 0, "tier": "y", "customer": {"pad": 0, "tier": "silver"}}"#,
      [.number(3), .number(4), .text("y"), .text("silver")]
    ),
    (
      "{\"key_of_twenty_six_bytes_xx\":5 ,\t\"key_of_twenty_seven_bytes_x\":6,\"pad\":0,\"tier\":\"z\",\"customer\":{\"pad\":0,\"tier\":\"w\"}}",
      [.number(5), .number(6), .text("z"), .text("w")]
    ),
    (
      #"{ "key_of_twenty_six_bytes_xx": 7, "key_of_twenty_seven_bytes_x": 8, "pad": 0, "tier": "v", "customer": {"pad": 0, "tier": "u"}}"#,
      [.number(7), .number(8), .text("v"), .text("u")]
    ),
    (
      #"{"customer": {"pad": 0, "tier": "t"}, "pad": 0, "tier": "s"}"#,
      [.null, .null, .text("s"), .text("t")]
    ),
  ]

  @Test("keys at the compared bytes' limit, and one key read at two depths")
  func longKeysAndDepths() {
    let text = Self.longLines.map(\.0).joined(separator: "\n") + "\n"
    let expected = Self.longLines.enumerated().map { Support.record($0.offset + 1, $0.element.1) }
    #expect(Support.jsonItems(text, Self.longFields) == expected)
    for (number, (line, values)) in Self.longLines.enumerated() {
      #expect(
        Support.jsonItems(line + "\n", Self.longFields) == [Support.record(1, values)],
        "line \(number + 1)")
    }
  }
}
