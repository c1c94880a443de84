import Testing
import VigilRecords

/// `CSVScanner.scanRecord` jumps from comma to comma and hands anything unusual to the
/// field-by-field scan; whatever the record, both must find exactly the same.
@Suite("CSVScanner")
struct CSVScannerTests {
  /// The bytes the generated records are made of: plain text, every byte the scanner stops
  /// at, a CR, a two-byte and a four-byte UTF-8 sequence, bytes that are not UTF-8, and plain
  /// bytes the jumping scan also looks at (below `,`, or `-` right above a byte it looks at).
  private static let pieces: [[UInt8]] = [
    Array("ab".utf8), Array("12345678901".utf8), [0x2C], [0x2C], [0x22], [0x22, 0x22],
    [0x0A], [0x0D], [0x0D, 0x0A], Array("é".utf8), Array("😀".utf8), [0xC3], [0xFF],
    [0xE2, 0x82], Array(" ".utf8), Array("-+#".utf8), Array("\t!-".utf8),
  ]

  @Test("the jumping scan finds what the field-by-field scan finds, on 20,000 records")
  func jumpingScanAgreesWithFieldByField() {
    var random = SplitMix(seed: 2026_12_05)
    var differences: [String] = []
    var plainRecords = 0
    for _ in 0..<20_000 {
      var bytes: [UInt8] = []
      for _ in 0..<Int.random(in: 0...12, using: &random) {
        bytes += Self.pieces[Int.random(in: 0..<Self.pieces.count, using: &random)]
      }
      for isFinal in [true, false] {
        let (jumping, jumpingFields) = Self.scan(bytes, isFinal: isFinal) { scanner, fields in
          scanner.scanRecord(into: &fields)
        }
        let (each, eachFields) = Self.scan(bytes, isFinal: isFinal) { scanner, fields in
          scanner.scanFieldByField(into: &fields)
        }
        if jumping != each || jumpingFields != eachFields {
          differences.append("\(bytes) final \(isFinal): \(jumping) \(each)")
        }
        if case .record(let record) = jumping, record.malformation == nil { plainRecords += 1 }
      }
    }
    #expect(differences == [])
    // The generated records are not all errors: most well-formed ones are read.
    #expect(plainRecords > 5_000)
  }

  @Test("a reader's reused field storage holds what an array holds, past its first room")
  func fieldStorageGrows() {
    let text = (0..<200).map { $0 % 7 == 0 ? "\"f,\($0)\"" : "f\($0)" }.joined(separator: ",")
    let bytes = Array((text + "\n" + text + "\n").utf8)
    var stored = CSVFields(capacity: 4)
    var listed: [CSVFieldSpan] = []
    for _ in 0..<2 {  // the second record reuses the storage the first grew
      let (storedResult, listedResult) = bytes.withUnsafeBufferPointer { buffer in
        var a = CSVScanner(bytes: buffer, isFinal: true)
        var b = CSVScanner(bytes: buffer, isFinal: true)
        return (a.scanRecord(into: &stored), b.scanRecord(into: &listed))
      }
      #expect(storedResult == listedResult)
      #expect(stored.count == 200)
      #expect(stored.spans == listed)
      #expect([stored[199].start, stored[199].end] == [text.utf8.count - 4, text.utf8.count])
    }
  }

  @Test(
    "records the jumping scan reads whole, and where they end",
    arguments: [
      ("a,b\nc", 4, 1, [(0, 1), (2, 3)]),
      ("a,b\r\nc", 5, 1, [(0, 1), (2, 3)]),
      ("a,,\n", 4, 1, [(0, 1), (2, 2), (3, 3)]),
      ("é,x", 4, 0, [(0, 2), (3, 4)]),
      ("\"a,b\",c\n", 8, 1, [(1, 4), (6, 7)]),
      ("abcdefghijklmnop,q\n", 19, 1, [(0, 16), (17, 18)]),
    ])
  func plainRecords(text: String, length: Int, lines: Int, spans: [(Int, Int)]) {
    let (result, fields) = Self.scan(Array(text.utf8), isFinal: true) { scanner, fields in
      scanner.scanRecord(into: &fields)
    }
    guard case .record(let record) = result else {
      Issue.record("not a record: \(result)")
      return
    }
    #expect([record.length, record.lines] == [length, lines])
    #expect(record.malformation == nil)
    #expect(fields.map { [$0.start, $0.end] } == spans.map { [$0.0, $0.1] })
  }

  private static func scan(
    _ bytes: [UInt8], isFinal: Bool,
    _ body: (inout CSVScanner, inout [CSVFieldSpan]) -> CSVScanResult
  ) -> (CSVScanResult, [CSVFieldSpan]) {
    bytes.withUnsafeBufferPointer { buffer in
      var scanner = CSVScanner(bytes: buffer, isFinal: isFinal)
      var fields: [CSVFieldSpan] = []
      let result = body(&scanner, &fields)
      return (result, fields)
    }
  }
}
