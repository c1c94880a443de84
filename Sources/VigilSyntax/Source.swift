/// A half-open range of UTF-8 byte offsets into a `Source`.
public struct SourceRange: Sendable, Hashable {
  /// The first byte.
  public var start: Int
  /// One past the last byte.
  public var end: Int

  /// A range from `start` up to (not including) `end`.
  package init(_ start: Int, _ end: Int) {
    self.start = start
    self.end = end
  }

  /// The smallest range covering both.
  package func union(_ other: SourceRange) -> SourceRange {
    SourceRange(Swift.min(start, other.start), Swift.max(end, other.end))
  }
}

/// A line and column, both 1-based; the column counts characters, not bytes.
public struct SourceLocation: Sendable, Hashable, Comparable {
  /// The line, from 1.
  public var line: Int
  /// The column, from 1, in characters.
  public var column: Int

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.line, lhs.column) < (rhs.line, rhs.column)
  }
}

/// The text of one policy file, with a table of line starts for turning byte offsets into
/// lines and columns.
public struct Source: Sendable, Hashable {
  /// The file's name as given (a path relative to where Vigil was run, or a label).
  public let file: String
  /// The text, as UTF-8 bytes.
  package let bytes: [UInt8]
  /// The byte offset where each line starts.
  package let lineStarts: [Int]

  /// A source from its text.
  package init(text: String, file: String) {
    self.file = file
    self.bytes = Array(text.utf8)
    var starts = [0]
    for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      starts.append(offset + 1)
    }
    self.lineStarts = starts
  }

  /// The line (1-based) holding byte `offset`.
  package func line(of offset: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low + 1
  }

  /// Where line `line` (1-based) starts: the first line after a byte order mark.
  private func start(ofLine line: Int) -> Int {
    line == 1 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : lineStarts[line - 1]
  }

  /// The line and column of byte `offset` (a byte order mark takes no column).
  package func location(of offset: Int) -> SourceLocation {
    let line = line(of: offset)
    let start = start(ofLine: line)
    let clamped = Swift.min(offset, bytes.count)
    let column = String(decoding: bytes[start..<Swift.max(start, clamped)], as: UTF8.self).count
    return SourceLocation(line: line, column: column + 1)
  }

  /// The text of line `line` (1-based), without its line break (or a byte order mark).
  package func text(ofLine line: Int) -> String {
    let start = start(ofLine: line)
    var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
    if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: bytes[start..<Swift.max(start, end)], as: UTF8.self)
  }

  /// The text covered by `range`.
  package func text(in range: SourceRange) -> String {
    let start = Swift.min(range.start, bytes.count)
    let end = Swift.min(Swift.max(range.end, start), bytes.count)
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }
}
