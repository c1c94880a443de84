import Testing
import VigilRecords

@testable import Vigil

/// `JSONParser.skipPlainBytes` and `CSVScanner.skipPlainBytes` look at sixteen bytes at a
/// time, then eight: each must stop at the first byte its reader must look at among the whole
/// words from its start, else at the first byte of the last incomplete word, as a byte-by-byte
/// look does.
@Suite("Scanning plain bytes")
struct StringScanTests {
  /// A scan, and the bytes it must stop at.
  struct Scan: Sendable, CustomStringConvertible {
    var description: String
    var scan: @Sendable (UnsafeBufferPointer<UInt8>, Int) -> Int
    var stopsAt: @Sendable (UInt8) -> Bool
  }

  static let scans = [
    Scan(
      description: "JSON string",
      scan: { JSONParser.skipPlainBytes(in: $0, from: $1) },
      stopsAt: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 || $0 >= 0x80 }
    ),
    Scan(
      description: "CSV cell",
      scan: { CSVScanner.skipPlainBytes(in: $0, from: $1, inQuotes: false) },
      stopsAt: {
        $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: ",")
          || $0 >= 0x80
      }),
    Scan(
      description: "CSV quoted cell",
      scan: { CSVScanner.skipPlainBytes(in: $0, from: $1, inQuotes: true) },
      stopsAt: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 >= 0x80 }),
  ]

  /// The answer, one byte at a time.
  static func expected(_ scan: Scan, _ bytes: [UInt8], from index: Int) -> Int {
    let end = index + (bytes.count - index) / 8 * 8
    return (index..<end).first { scan.stopsAt(bytes[$0]) } ?? end
  }

  static func scanned(_ scan: Scan, _ bytes: [UInt8], from index: Int) -> Int {
    bytes.withUnsafeBufferPointer { scan.scan($0, index) }
  }

  @Test(arguments: scans)
  func everyByteThatStopsAtEveryPlace(scan: Scan) {
    let bytes: [UInt8] = [0x22, 0x5C, 0x2C, 0x0A, 0x0D, 0x00, 0x09, 0x1F, 0x80, 0xC3, 0xFF]
    let plain: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x41]
    for length in 0...70 {
      for place in 0...length {
        for byte in bytes {
          var text = (0..<length).map { plain[$0 % plain.count] }
          if place < length { text[place] = byte }
          for start in [0, 1, 7, 9, 16].filter({ $0 <= length }) {
            #expect(
              Self.scanned(scan, text, from: start) == Self.expected(scan, text, from: start),
              "length \(length), \(byte) at \(place), from \(start)")
          }
        }
      }
    }
  }

  @Test(arguments: scans)
  func randomText(scan: Scan) {
    var random = SplitMix(seed: 5)
    for _ in 0..<2_000 {
      let length = random.below(120)
      let text = (0..<length).map { _ in
        random.below(40) == 0
          ? UInt8(truncatingIfNeeded: random.next()) : UInt8(0x20 + random.below(0x5F))
      }
      let start = random.below(length + 1)
      #expect(Self.scanned(scan, text, from: start) == Self.expected(scan, text, from: start))
    }
  }
}
