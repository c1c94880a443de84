import Testing
import VigilCore

@testable import VigilRecords

/// CSV read as the parallel audit reads it — the header, then chunks cut where the reader's
/// scanner ends a record (found from each chunk's last bytes when they prove it), each read by
/// a reader of its own — gives the same records, lines and rejections as one reader from start
/// to end, whatever the chunks' size.
@Suite("CSV read in chunks")
struct CSVChunkTests {
  private typealias Support = RecordReaderTestSupport

  /// The items of `bytes`, read in chunks of about `size` bytes, lines counted from the input's
  /// start (the header's lines, then each chunk's line feeds before it).
  static func chunkedItems(_ bytes: [UInt8], layout: RecordLayout, size: Int) -> [RecordItem] {
    let input = ByteInput(bytes: bytes, blockSize: 61)
    let header = CSVReader(input: input, layout: layout)
    if let rejected = header.readHeader() { return [rejected] }
    let baseLine = header.currentLine - 1
    let chunks = ChunkReader(input: input, format: .csv, size: size)
    var items: [RecordItem] = []
    while let chunk = chunks.next() {
      let reader = CSVReader(input: chunk.takeInput(), continuing: header)
      let shift = baseLine + chunk.lineFeedsBefore
      while let item = reader.next() {
        switch item {
        case .record(var record):
          record.line += shift
          items.append(.record(record))
        case .rejected(let line, let reason):
          items.append(.rejected(line: line + shift, reason: reason))
        }
      }
    }
    return items
  }

  /// A random field: plain, empty, quoted with commas, `""`, line feeds or CRLF inside, not
  /// ASCII, or malformed (a quote inside an unquoted field, a byte after a closing quote,
  /// invalid UTF-8).
  static func field(_ random: inout SplitMix) -> String {
    random.pick([
      "x", "plain text", "", "", "\"q\"", "\"a, b\"", "\"say \"\"hi\"\"\"", "\"one\ntwo\"",
      "\"cr\r\nlf\"", "\"\n\"", "\"\"", "\"\"\"\"", "é→", "\"ü\nß\"", "2026-11-15T16:15:18Z",
      "bad\"quote", "\"closed\"after", "\",\n\"", "\"x\n\"\"y\"\"\n,\"", "\",\"", "\"a\"\rb",
    ])
  }

  /// A random CSV text: a header of three columns (after a byte order mark, sometimes), then
  /// records of two to four fields, blank lines, LF or CRLF line ends, the last line with or
  /// without its line end, and now and then an unterminated quoted field at the end.
  static func text(_ random: inout SplitMix) -> [UInt8] {
    var text = random.below(4) == 0 ? "\u{FEFF}" : ""
    text += "a,b,c\n"
    for _ in 0..<random.below(30) {
      let count = random.below(8) == 0 ? 2 + random.below(3) : 3
      text += (0..<count).map { _ in Self.field(&random) }.joined(separator: ",")
      text += random.pick(["\n", "\n", "\r\n", "\n\n"])
    }
    if random.below(3) == 0 { text += Self.field(&random) + ",y,z" }
    if random.below(8) == 0 { text += "1,2,\"open\nto the end" }
    var bytes = Array(text.utf8)
    if random.below(10) == 0 { bytes.insert(0xFF, at: bytes.count / 2) }
    return bytes
  }

  @Test func randomCSVInChunksIsReadAsAWhole() {
    var random = SplitMix(seed: 2026_12_06)
    let layout = Support.layout(["a", "c"])
    for _ in 0..<120 {
      let bytes = Self.text(&random)
      let whole = Support.csvItems(bytes, layout: layout)
      for size in [1, 7, 16, 40, 100, 333] {
        let chunked = Self.chunkedItems(bytes, layout: layout, size: size)
        guard chunked == whole else {
          let text = String(decoding: bytes, as: UTF8.self).debugDescription
          Issue.record("\(text) in chunks of \(size): \(chunked) against \(whole)")
          return
        }
      }
    }
  }

  /// The benchmark's kind of records, in chunks whose last bytes prove the cut (chunks of at
  /// least twice 16 bytes): the same items.
  @Test func benchmarkLikeRecordsInChunks() {
    let bytes = Array(CSVBoundariesTests.sample.utf8)
    let layout = Support.layout(["id", "note", "status"])
    let whole = Support.csvItems(bytes, layout: layout)
    #expect(whole.count == 9)
    for size in [32, 50, 64, 90, 128, 200] {
      #expect(Self.chunkedItems(bytes, layout: layout, size: size) == whole, "size \(size)")
    }
  }
}
