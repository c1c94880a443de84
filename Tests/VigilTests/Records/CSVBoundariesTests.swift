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

  /// The cut found from the chunk's last `window` bytes (or longer stretches), as the chunk
  /// reader finds it.
  static func tailCut(_ bytes: UnsafeBufferPointer<UInt8>, filled: Int, window: Int) -> Int? {
    var fields = CSVFields()
    return CSVBoundaries.lastCut(in: bytes, filled: filled, window: window, fields: &fields)
  }

  /// The lengths of the chunk's last bytes first looked at.
  static let windows = [1, 4]

  /// Every prefix of `text`: the same cut every way (the fast scan from the chunk's start,
  /// and from its last bytes with stretches of many lengths up to it).
  static func expectSameCuts(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    bytes.withUnsafeBufferPointer { buffer in
      for filled in 0...buffer.count {
        let scanned = scannedCut(buffer, filled: filled)
        let cuts =
          [("fast", fastCut(buffer, filled: filled).0)]
          + windows.filter { $0 <= max(filled, 1) }.map {
            ("window \($0)", tailCut(buffer, filled: filled, window: $0))
          }
        for (way, cut) in cuts where cut != scanned {
          let text = String(decoding: bytes, as: UTF8.self).debugDescription
          let (a, b) = (cut.map { "\($0)" } ?? "nil", scanned.map { "\($0)" } ?? "nil")
          Issue.record(
            "\(text), \(filled) bytes, \(way): \(a) against \(b)", sourceLocation: sourceLocation)
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
    for _ in 0..<600 {
      var bytes: [UInt8] = []
      for _ in 0..<random.below(40) { bytes += pieces[random.below(pieces.count)] }
      Self.expectSameCuts(bytes)
    }
  }

  /// Records as the benchmark's CSV has them: quoted fields with `""` and with line feeds.
  static let sample = #"""
    id,type,note,status
    R1,call,"Call note: ""line was bad, customer will call again""",in_progress
    R2,purchase,"Pre-order of espresso machine (#984348), pay on delivery",closed
    R3,enquiry,"Line one of the note
    line two, after a break (156393)",closed
    R4,call,Inbound call about order #557950,open
    R5,call,"Customer says: ""I was promised a call back"" (ticket 897685)",open
    R6,enquiry,"Line one of the note
    line two, after a break (156393)",closed
    R7,purchase,"Order #437521: gift card, gift wrapped",closed
    R8,call,Inbound call about order #557950,open
    R9,call,"Charged twice for order #330974, please check",in_progress

    """#

  /// In such records the bytes after any line feed, outside quotes or inside, prove where
  /// the records after it end within a few records: the chunk's start is not needed.
  @Test func theLastBytesProveTheCut() {
    let bytes = Array(Self.sample.utf8)
    bytes.withUnsafeBufferPointer { buffer in
      let scanned = Self.scannedCut(buffer, filled: buffer.count)
      #expect(scanned == buffer.count)
      var fields = CSVFields()
      var proven = 0
      for (offset, byte) in bytes.enumerated() where byte == 0x0A && offset < bytes.count / 2 {
        let cut = CSVBoundaries.provenCut(
          in: buffer, filled: buffer.count, after: offset, fields: &fields)
        #expect(cut == scanned, "after the line feed at \(offset)")
        proven += 1
      }
      #expect(proven == 6)
    }
  }

  /// After a line feed with no quote after it, the bytes cannot tell whether it is inside a
  /// quoted field: nothing is proven, and the chunk is scanned from its start.
  @Test func aTailWithoutQuotesProvesNothing() {
    let bytes = Array("a,\"b\nc\",d\n1,2\n3,4\n".utf8)
    bytes.withUnsafeBufferPointer { buffer in
      var fields = CSVFields()
      for (offset, byte) in bytes.enumerated() where byte == 0x0A && offset > 8 {
        #expect(
          CSVBoundaries.provenCut(in: buffer, filled: buffer.count, after: offset, fields: &fields)
            == nil)
      }
      #expect(Self.tailCut(buffer, filled: buffer.count, window: 4) == bytes.count)
    }
  }

  /// Should the record have had many fields before the line feed, it would be malformed at
  /// the start of a later field and end at the first line feed after it: when a line feed
  /// lies between the first field after the quoted one and the record's end, nothing is
  /// proven (scanned from a record's start and as the rest of a quoted field, the bytes below
  /// meet at `1,2`).
  @Test func aLineFeedInALaterFieldProvesNothing() {
    let bytes = Array("\nx\",\"y\nz\"\n1,2\n3,4\n".utf8)
    let plain = Array("\nx\",y,z\n1,2\n3,4\n".utf8)
    var fields = CSVFields()
    bytes.withUnsafeBufferPointer { buffer in
      #expect(
        CSVBoundaries.provenCut(in: buffer, filled: buffer.count, after: 0, fields: &fields)
          == nil)
    }
    plain.withUnsafeBufferPointer { buffer in
      #expect(
        CSVBoundaries.provenCut(in: buffer, filled: buffer.count, after: 0, fields: &fields)
          == plain.count)
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
