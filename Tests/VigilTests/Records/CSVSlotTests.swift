import Testing
import VigilCore
import VigilRecords

@testable import Vigil

/// The audit reads CSV into reused slots (`CSVReader.read(into:)`): a text left unread as its
/// span, a time in the common layout read at once, anything else read whole. Whatever the
/// cell, the frame must then hold what the general reading (`next()`) yields.
@Suite("CSV cells read into slots")
struct CSVSlotTests {
  static let text =
    [
      "id,t,n,x",
      "1,2026-11-25T10:00:00Z,a,unread",
      "2,2026-11-25T10:00:00.5+02:00,\"say \"\"hi\"\"\",",
      "3,\"2026-11-25T10:00:00Z\",,\"x\"",
      "4,\"2026\"\"-11\",b,",
      "5,2026-11-25,\"\",",
      "6,,\"é, \"\"ü\"\"\",",
      "7,2026-11-25T10:00:00+02:0,c",
      "8,\"\"\"\",\"\"\"\",",
    ].joined(separator: "\r\n") + "\r\n"

  static func layout() -> RecordLayout {
    var layout = RecordLayout([FieldPath("t"), FieldPath("n"), FieldPath("id")])
    layout.markTime(0)
    return layout
  }

  /// Each record's slots as the audit's frame reads them; a rejected one as its reason.
  static func readIntoSlots() -> [String] {
    let reader = CSVReader(input: ByteInput(bytes: Array(text.utf8)), layout: layout())
    let slots = RecordSlots(count: 3)
    var found: [String] = []
    while true {
      switch reader.read(into: slots) {
      case .end: return found
      case .rejected(let line, let reason): found.append("\(line) rejected: \(reason)")
      case .record(let line):
        let values = (0..<3).map { slot in
          slots.deferred[slot] >= 0
            ? slots.materialize(slot, slots.deferred[slot]) : slots.values[slot]
        }
        found.append("\(line): " + values.map { "\($0)" }.joined(separator: " | "))
      }
    }
  }

  /// The same, read by `next()`, each cell as a value at once.
  static func readWhole() -> [String] {
    let reader = CSVReader(input: ByteInput(bytes: Array(text.utf8)), layout: layout())
    return RecordReaderTestSupport.items(of: reader).map { item in
      switch item {
      case .record(let record):
        return "\(record.line): " + record.values.map { "\($0)" }.joined(separator: " | ")
      case .rejected(let line, let reason):
        return "\(line) rejected: \(reason)"
      }
    }
  }

  @Test("the slots hold what the general reading yields, record after record")
  func slotsHoldTheRecord() {
    let time = { (text: String) -> String in
      guard case .time(let instant) = TimeParsing.parseISO8601(text) else { return "?" }
      return "\(Value.time(instant))"
    }
    let (null, text) = (Value.null, { (text: String) in "\(Value.text(text))" })
    #expect(
      Self.readIntoSlots() == [
        "2: \(time("2026-11-25T10:00:00Z")) | \(text("a")) | \(text("1"))",
        "3: \(time("2026-11-25T10:00:00.5+02:00")) | \(text("say \"hi\"")) | \(text("2"))",
        "4: \(time("2026-11-25T10:00:00Z")) | \(null) | \(text("3"))",
        "5: \(text("2026\"-11")) | \(text("b")) | \(text("4"))",
        "6: \(text("2026-11-25")) | \(null) | \(text("5"))",
        "7: \(null) | \(text("é, \"ü\"")) | \(text("6"))",
        "8 rejected: has 3 fields, the header has 4",
        "9: \(text("\"")) | \(text("\"")) | \(text("8"))",
      ])
    #expect(Self.readIntoSlots() == Self.readWhole())
  }
}
