import Testing
import VigilCore

@testable import Vigil

/// The fixed-offset fast path for common timestamps agrees with the general reader.
@Suite("ISO-8601 fast path")
struct ISOFastPathTests {
  static func variants() -> [String] {
    let dates = [
      "2026-11-25", "2024-02-29", "2026-02-29", "2026-13-01", "0000-01-01", "9999-12-31",
    ]
    let times = ["T00:00:00", "T23:59:59", "T24:00:00", "T12:60:00", "T12:00:60", "t12:00:00"]
    let fractions = ["", ".0", ".5", ".123", ".999999", ".", ".12a"]
    let zones = ["Z", "z", "+02:00", "-05:30", "+23:59", "+24:00", "+0200", "", "+02:60", "ZZ"]
    var all: [String] = []
    for date in dates {
      for time in times {
        for fraction in fractions {
          for zone in zones { all.append(date + time + fraction + zone) }
        }
      }
    }
    return all
  }

  @Test func agreesWithTheGeneralReader() {
    var checked = 0
    for text in Self.variants() {
      var copy = text
      copy.withUTF8 { bytes in
        guard let fast = TimeParsing.commonISO8601(bytes) else { return }
        checked += 1
        #expect(TimeParsing.generalISO8601(bytes) == .time(fast), "\(text)")
      }
    }
    #expect(checked > 100)
  }
}
