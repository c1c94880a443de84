import Foundation
import Testing
import VigilRecords

@testable import Vigil

/// A regular file's chunks are windows of its pages mapped into memory (`MappedWindow`), not
/// copies: they must be exactly the chunks its bytes read into buffers give, and a file that
/// shrinks while it is read must be said to have, not end the process.
@Suite("Chunks of a mapped file")
struct MappedChunkTests {
  /// What a chunk is, for comparing: where it starts, its lines before it, its bytes.
  struct Cut: Equatable, CustomStringConvertible {
    var index: Int
    var offset: Int
    var lineFeedsBefore: Int
    var oversized: ChunkReader.Oversized?
    var bytes: [UInt8]

    var description: String {
      "#\(index) at \(offset) after \(lineFeedsBefore) line feeds, \(bytes.count) bytes"
        + (oversized.map { " oversized \($0)" } ?? "")
    }
  }

  /// What reading `input` as chunks gives: its chunks, then the bytes and lines it read.
  static func cuts(
    of input: ByteInput, format: InputFormat, size: Int, maxLineBytes: Int
  ) -> (cuts: [Cut], bytesRead: Int, linesRead: Int, mapped: Bool) {
    if format == .csv {
      _ = CSVReader(input: input, layout: RecordLayout([])).readHeader()
    }
    let reader = ChunkReader(input: input, format: format, size: size, maxLineBytes: maxLineBytes)
    if format == .jsonl { reader.skipByteOrderMark() }
    var cuts: [Cut] = []
    var mapped = false
    while let chunk = reader.next() {
      mapped = mapped || input.isMapping
      let bytes = chunk.oversized == nil ? Self.bytes(of: chunk.takeInput()) : []
      cuts.append(
        Cut(
          index: chunk.index, offset: chunk.offset, lineFeedsBefore: chunk.lineFeedsBefore,
          oversized: chunk.oversized, bytes: bytes))
    }
    return (cuts, input.bytesRead, input.linesRead, mapped)
  }

  /// Writes `bytes` to a new file at `path` (with no `fsync`: `Data.write` waits for one).
  static func write(_ bytes: [UInt8], to path: String) throws {
    guard let file = fopen(path, "w") else {
      throw FixtureError(path: path, problem: "cannot be created")
    }
    defer { fclose(file) }
    guard fwrite(bytes, 1, bytes.count, file) == bytes.count else {
      throw FixtureError(path: path, problem: "cannot be written")
    }
  }

  /// The pending bytes of `input`, read while it holds them (a mapped chunk's input unmaps
  /// them when it goes).
  static func bytes(of input: ByteInput) -> [UInt8] {
    withExtendedLifetime(input) { Array(input.pending) }
  }

  /// Random JSON Lines: lines of any length (a few past the limit), blank lines, CRLF, a byte
  /// order mark, a last line with or without its line feed.
  static func jsonLines(_ random: inout SplitMix) -> [UInt8] {
    var bytes: [UInt8] = random.below(4) == 0 ? [0xEF, 0xBB, 0xBF] : []
    for _ in 0..<(random.below(200)) {
      let length = random.below(10) == 0 ? random.below(30_000) : random.below(900)
      bytes += Array("{\"a\":\"".utf8)
      bytes += (0..<length).map { _ in UInt8(ascii: "a") + UInt8(random.below(26)) }
      bytes += Array("\"}".utf8)
      switch random.below(8) {
      case 0: bytes += Array("\r\n".utf8)
      case 1: bytes += Array("\n\n".utf8)
      default: bytes.append(UInt8(ascii: "\n"))
      }
    }
    if random.below(2) == 0, bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
    return bytes
  }

  /// Random CSV after a header: quoted cells with line feeds and quotes, malformed quotes.
  static func csvRows(_ random: inout SplitMix) -> [UInt8] {
    var text = "id,note\n"
    for row in 0..<(random.below(300)) {
      let filler = String(repeating: "x", count: random.below(10) == 0 ? 20_000 : random.below(600))
      switch random.below(6) {
      case 0: text += "\(row),\"line\nbreak \(filler)\"\n"
      case 1: text += "\(row),\"say \"\"hi\"\" \(filler)\"\r\n"
      case 2: text += "\(row),bad\"quote \(filler)\n"
      case 3: text += "\(row),\"unclosed \(filler)\n"
      default: text += "\(row),\(filler)\n"
      }
    }
    return Array(text.utf8)
  }

  @Test(arguments: [InputFormat.jsonl, .csv])
  func mappedChunksAreTheReadOnes(format: InputFormat) throws {
    let folder = try temporaryFolder("mapped")
    defer { try? FileManager.default.removeItem(at: folder) }
    var random = SplitMix(seed: format == .csv ? 11 : 7)
    var mappedFiles = 0
    for trial in 0..<60 {
      let bytes = format == .csv ? Self.csvRows(&random) : Self.jsonLines(&random)
      let path = folder.appendingPathComponent("\(trial)").path
      try Self.write(bytes, to: path)
      // Chunks smaller and larger than a page, not multiples of it; a limit or none.
      let size = [4096, 5000, 1 << 16][trial % 3]
      let limit = trial % 2 == 0 ? 10_000 : .max
      let read = Self.cuts(
        of: ByteInput(bytes: bytes), format: format, size: size, maxLineBytes: limit)
      let mapped = Self.cuts(
        of: try ByteInput(path: path), format: format, size: size, maxLineBytes: limit)
      #expect(mapped.cuts == read.cuts, "trial \(trial)")
      #expect(mapped.bytesRead == bytes.count, "trial \(trial)")
      #expect(mapped.linesRead == read.linesRead, "trial \(trial)")
      if mapped.mapped { mappedFiles += 1 }
    }
    // All but the empty files and those with no record after the header were mapped.
    #expect(mappedFiles >= 50)
  }

  /// A window read after its file was truncated reads zeros where the file no longer has
  /// bytes, and the input says why its audit is incomplete.
  @Test func aFileTruncatedWhileReadIsReported() throws {
    let folder = try temporaryFolder("mapped-truncated")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("log.jsonl").path
    let line = Array("{\"id\":\"R1\"}\n".utf8)
    let bytes = Array([[UInt8]](repeating: line, count: 1_000).joined())
    try Self.write(bytes, to: path)
    // Another file, mapped at the same time and left as it is: its input is whole, though
    // the process lost a page of the first (the count of lost pages is the process's).
    let otherPath = folder.appendingPathComponent("other.jsonl").path
    try Self.write(bytes, to: otherPath)
    let other = try ByteInput(path: otherPath)
    let otherReader = ChunkReader(input: other, format: .jsonl, size: 64 << 10)
    let otherChunk = try #require(otherReader.next())
    #expect(other.isMapping)
    let input = try ByteInput(path: path)
    let reader = ChunkReader(input: input, format: .jsonl, size: 64 << 10)
    let chunk = try #require(reader.next())
    #expect(input.isMapping)
    #expect(chunk.count == bytes.count)
    #expect(input.readError == nil)
    #expect(truncate(path, 0) == 0)
    let read = Self.bytes(of: chunk.takeInput())
    #expect(read == [UInt8](repeating: 0, count: bytes.count))
    #expect(Self.bytes(of: otherChunk.takeInput()) == bytes)
    #expect(other.readError == nil)
    #expect(
      input.readError?.message
        == "cannot read '\(path)' whole: it shrank while it was read (another program "
        + "truncated or rewrote it), and what it no longer held was read as zero bytes; "
        + "audit a copy that no program writes to")
    #expect(reader.next() == nil)
  }
}
