import Testing

@testable import VigilRecords

/// A chunk of CSV is cut where the reader's scanner ends a record (`CSVBoundaries`): the fast
/// scan of regular records must agree with scanning every record, at every length of the
/// chunk, on well-formed and malformed CSV alike.
@Suite("CSV chunk boundaries")
struct CSVBoundariesTests {
  /// The record-by-record cut: every record scanned by the reader's scanner.
  static func scannedCut(_ bytes: UnsafeBufferPointer<UInt8>, filled: Int) -> Int? {
    var fields = CSVFields()
    var cut: Int?
    var offset = 0
    while offset < filled {
      var scanner = CSVScanner(
        bytes: UnsafeBufferPointer(rebasing: bytes[offset..<filled]), isFinal: false)
      switch scanner.scanRecord(into: &fields) {
      case .record(let record): offset += record.length
      case .blankLine(let length): offset += length
      case .needsMore, .endOfInput: return cut
      }
      cut = offset
    }
    return cut
  }

  /// The fast cut, with the scanner for the records it does not take as regular; and how
  /// many it handed to the scanner.
  static func fastCut(_ bytes: UnsafeBufferPointer<UInt8>, filled: Int) -> (Int?, Int) {
    var fields = CSVFields()
    var scanned = 0
    let cut = CSVBoundaries.lastCut(in: bytes, filled: filled) { offset in
      scanned += 1
      var scanner = CSVScanner(
        bytes: UnsafeBufferPointer(rebasing: bytes[offset..<filled]), isFinal: false)
      switch scanner.scanRecord(into: &fields) {
      case .record(let record): return record.length
      case .blankLine(let length): return length
      case .needsMore, .endOfInput: return nil
      }
    }
    return (cut, scanned)
  }

  /// Every prefix of `text`: the same cut both ways.
  static func expectSameCuts(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    bytes.withUnsafeBufferPointer { buffer in
      for filled in 0...buffer.count {
        let fast = fastCut(buffer, filled: filled).0
        let scanned = scannedCut(buffer, filled: filled)
        guard fast == scanned else {
          let text = String(decoding: bytes, as: UTF8.self).debugDescription
          let (a, b) = (fast.map { "\($0)" } ?? "nil", scanned.map { "\($0)" } ?? "nil")
          Issue.record(
            "\(text), \(filled) bytes: \(a) against \(b)", sourceLocation: sourceLocation)
          return
        }
      }
    }
  }

  @Test(arguments: [
    "a,b\n1,2\n",
    "a,\"b,\nc\",d\n1,2\n",
    "\"x\"\"y\",z\r\n\"\",\"\"\"\"\n",
    // A quote inside an unquoted field: malformed, resumes at the next line.
    "a,b\"c\nd,\"e\nf\"\n",
    "\"a\"b,c\nd\n",  // something after a closing quote
    "\"a\"\rb\n\"c\nd\"\n",  // a closing quote and a lone carriage return
    "\"a\"\rb,\"c\nd\"\n",  // the same, then a quoted line end: the scanner resumes inside it
    "a\"b,\"c\nd\"\n",
    "\n\r\n,\n\"\"\n",  // blank lines, an empty record, an empty quoted field
    "é,\"ü\nx\",y\n1\n",  // not ASCII
    "\"\u{FF}\",\"\n\"\n",
    "\"unterminated\n,\n",
  ])
  func theFastCutIsTheScannedCut(_ text: String) {
    Self.expectSameCuts(Array(text.utf8))
  }

  /// Random CSV built from the pieces that matter: commas, quotes (well and badly placed),
  /// line ends, carriage returns, non-ASCII and invalid bytes, and plain bytes the fast scan
  /// also looks at (below `"`, or `#` right above a byte it looks at).
  @Test func randomCSVIsCutAsTheScannerCutsIt() {
    var random = SplitMix(seed: 2026_12_05)
    let pieces: [[UInt8]] = [
      Array("ab".utf8), Array("c".utf8), [0x2C], [0x2C], [0x22], Array("\"q\"".utf8),
      Array("\"q,\nr\"".utf8), Array("\"\"".utf8), [0x0A], [0x0A], [0x0D, 0x0A], [0x0D],
      Array("é".utf8), [0xFF], Array("\"a\"\"b\"".utf8), Array("         ".utf8),
      Array("#!".utf8), Array("\t#".utf8),
    ]
    for _ in 0..<1500 {
      var bytes: [UInt8] = []
      for _ in 0..<random.below(40) { bytes += pieces[random.below(pieces.count)] }
      Self.expectSameCuts(bytes)
    }
  }

  /// Regular records (UTF-8 too) are not handed to the scanner; a long one is, as it might have too
  /// many fields.
  @Test func onlyRecordsThatMayNotBeRegularAreScanned() {
    let regular = Array("id,\"a, \"\"b\"\"\nc\",dé\r\n\n1,\"→\",3\n4".utf8)
    regular.withUnsafeBufferPointer { buffer in
      let (cut, scanned) = Self.fastCut(buffer, filled: buffer.count)
      #expect(cut == regular.count - 1)
      #expect(scanned == 0)
    }
    let long = Array(String(repeating: ",", count: CSVBoundaries.longestRegular).utf8) + [0x0A]
    long.withUnsafeBufferPointer { buffer in
      let (cut, scanned) = Self.fastCut(buffer, filled: buffer.count)
      #expect(cut == long.count)
      #expect(scanned == 1)
    }
  }
}
