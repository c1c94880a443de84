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
    #expect(checked == 160)
  }

  /// Timestamps with one to three bytes changed to bytes next to digits and separators (and
  /// bytes that are not ASCII): whatever the fast path reads, the general reader reads the
  /// same; and it reads the unchanged ones.
  @Test func agreesOnChangedBytes() {
    let originals = [
      "2026-11-25T12:34:56.789+02:00", "1999-12-31T23:59:59Z", "2024-02-29T00:00:00-11:30",
    ]
    let replacements: [UInt8] = [
      0x2F, 0x30, 0x35, 0x39, 0x3A, 0x2D, 0x2B, 0x2E, 0x54, 0x5A, 0x20, 0x00, 0x7F, 0x80, 0xA9,
      0xB9,
      0xFF,
    ]
    var random = SplitMix(seed: 86_400_000)
    var read = 0
    var refused = 0
    for original in originals {
      var bytes = Array(original.utf8)
      #expect(bytes.withUnsafeBufferPointer { TimeParsing.commonISO8601($0) } != nil, "\(original)")
      for _ in 0..<10_000 {
        bytes = Array(original.utf8)
        for _ in 0...random.below(3) {
          bytes[random.below(bytes.count)] = replacements[random.below(replacements.count)]
        }
        bytes.withUnsafeBufferPointer { buffer in
          guard let fast = TimeParsing.commonISO8601(buffer) else {
            refused += 1
            return
          }
          read += 1
          #expect(TimeParsing.generalISO8601(buffer) == .time(fast), "\(bytes)")
        }
      }
    }
    // As many as the byte-by-byte fast path read before it read words: one that reads words
    // must take exactly the same texts.
    #expect(read == 1_253)
    #expect(refused == 28_747)
  }
}
