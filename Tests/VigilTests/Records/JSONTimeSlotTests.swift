import Testing
import VigilCore
import VigilRecords

@testable import Vigil

/// A field the policies read as a time is read by the JSON Lines reader as it meets it: a
/// string that is exactly a time in the common layout becomes the instant at once (read from
/// its first byte, its closing quote checked after it); anything else is left for the
/// general reader, which reads it as the audit always did.
@Suite("JSON times read in place")
struct JSONTimeSlotTests {
  /// Each line's value of `t` (a time field) and of `n` (read as it comes), as the audit's
  /// frame reads them; a rejected line as its reason.
  static func read(_ lines: [String]) -> [String] {
    var layout = RecordLayout([FieldPath("t"), FieldPath("n")])
    layout.markTime(0)
    let input = ByteInput(bytes: Array((lines.joined(separator: "\n") + "\n").utf8))
    let reader = JSONLinesReader(input: input, layout: layout)
    let slots = RecordSlots(count: 2)
    var found: [String] = []
    while true {
      switch reader.read(into: slots) {
      case .end: return found
      case .rejected(_, let reason): found.append("rejected: \(reason)")
      case .record:
        let values = (0..<2).map { slot in
          slots.deferred[slot] >= 0
            ? slots.materialize(slot, slots.deferred[slot]) : slots.values[slot]
        }
        found.append(values.map { "\($0)" }.joined(separator: " | "))
      }
    }
  }

  @Test("times, near-times and broken lines")
  func timesAndNearTimes() {
    let time = { (text: String) -> String in
      guard case .time(let instant) = TimeParsing.parseISO8601(text) else { return "?" }
      return "\(Value.time(instant))"
    }
    #expect(
      Self.read([
        #"{"t": "2026-11-25T10:00:00Z", "n": "a"}"#,
        #"{"t": "2026-11-25T10:00:00.5+02:00","n": "b"}"#,
        #"{"n": "c", "t": "2026-11-25T10:00:00.123456-05:30"}"#,
        #"{"t": "2026-11-25T10:00:00Zjunk", "n": "d"}"#,
        #"{"t": "2026-11-25T10:00:00Z\n", "n": "e"}"#,
        #"{"t": "2026-11-25T10:00:00+02:0", "n": "f"}"#,
        #"{"t": "2026-11-25T10:00:00", "n": "g"}"#,
        #"{"t": "2026-11-25T10:00:00Z"#,
        #"{"t": "2026-11-25T10:00:00Z" "n": "h"}"#,
      ]) == [
        "\(time("2026-11-25T10:00:00Z")) | \(Value.text("a"))",
        "\(time("2026-11-25T10:00:00.5+02:00")) | \(Value.text("b"))",
        "\(time("2026-11-25T10:00:00.123-05:30")) | \(Value.text("c"))",
        "\(Value.text("2026-11-25T10:00:00Zjunk")) | \(Value.text("d"))",
        "\(Value.text("2026-11-25T10:00:00Z\n")) | \(Value.text("e"))",
        "\(Value.text("2026-11-25T10:00:00+02:0")) | \(Value.text("f"))",
        "\(Value.text("2026-11-25T10:00:00")) | \(Value.text("g"))",
        "rejected: invalid JSON at column 7: unterminated string",
        "rejected: invalid JSON at column 30: expected ',' or '}'",
      ])
  }
}
