/// A place in a document as the Language Server Protocol gives it: a 0-based line and a
/// 0-based column counted in UTF-16 code units (a character outside the Basic Multilingual
/// Plane, such as an emoji, counts 2).
package struct Position: Sendable, Hashable, Comparable {
  package var line: Int
  package var character: Int

  package init(line: Int, character: Int) {
    self.line = line
    self.character = character
  }

  package static func < (lhs: Position, rhs: Position) -> Bool {
    (lhs.line, lhs.character) < (rhs.line, rhs.character)
  }

  /// `{"line":…,"character":…}`.
  package var json: JSON { ["line": JSON(line), "character": JSON(character)] }

  /// The position a JSON `Position` holds, nil if it is not one.
  package init?(_ json: JSON?) {
    guard let line = json?["line"]?.integer, let character = json?["character"]?.integer,
      line >= 0, character >= 0
    else { return nil }
    self.init(line: line, character: character)
  }
}

/// A range between two positions, the end excluded.
package struct LSPRange: Sendable, Hashable {
  package var start: Position
  package var end: Position

  package init(_ start: Position, _ end: Position) {
    self.start = start
    self.end = end
  }

  package var json: JSON { ["start": start.json, "end": end.json] }

  /// The range a JSON `Range` holds, nil if it is not one (or ends before it starts).
  package init?(_ json: JSON?) {
    guard let start = Position(json?["start"]), let end = Position(json?["end"]), start <= end
    else { return nil }
    self.init(start, end)
  }
}

/// Where each line of a UTF-8 text starts, to turn byte offsets into LSP positions and back.
///
/// Lines end at `\n`, `\r\n` or a lone `\r` (as the protocol says). A column past the end of
/// its line means the line's end and a line past the last means the text's end, as the
/// protocol asks; a column inside a surrogate pair means the character's start.
package struct LineIndex: Sendable {
  /// The text's bytes.
  package let bytes: [UInt8]
  /// The offset where each line starts.
  package let lineStarts: [Int]

  package init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var starts = [0]
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 10 {
        starts.append(index + 1)
      } else if byte == 13 {
        if index + 1 < bytes.count && bytes[index + 1] == 10 { index += 1 }
        starts.append(index + 1)
      }
      index += 1
    }
    lineStarts = starts
  }

  /// Where line `line` ends, before its line break.
  package func lineEnd(_ line: Int) -> Int {
    guard line + 1 < lineStarts.count else { return bytes.count }
    var end = lineStarts[line + 1] - 1
    if bytes[end] == 10 && end > lineStarts[line] && bytes[end - 1] == 13 { end -= 1 }
    return end
  }

  /// The byte offset of `position`.
  package func offset(of position: Position) -> Int {
    guard position.line < lineStarts.count else { return bytes.count }
    var offset = lineStarts[position.line]
    let end = lineEnd(position.line)
    var units = 0
    while offset < end {
      let length = Self.scalarLength(bytes[offset])
      let width = length == 4 ? 2 : 1
      if units + width > position.character { break }
      units += width
      offset = min(offset + length, end)
    }
    return offset
  }

  /// The position of byte `offset` (clamped to the text).
  package func position(of offset: Int) -> Position {
    let offset = max(0, min(offset, bytes.count))
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    var index = lineStarts[low]
    var units = 0
    while index < offset {
      let length = Self.scalarLength(bytes[index])
      units += length == 4 ? 2 : 1
      index += length
    }
    return Position(line: low, character: units)
  }

  /// The range of bytes `start..<end`.
  package func range(_ start: Int, _ end: Int) -> LSPRange {
    LSPRange(position(of: start), position(of: end))
  }

  /// The position just past the text.
  package var endPosition: Position { position(of: bytes.count) }

  /// How many bytes the UTF-8 sequence starting with `byte` has (1 for a stray byte).
  static func scalarLength(_ byte: UInt8) -> Int {
    switch byte {
    case 0xF0...0xF7: return 4
    case 0xE0...0xEF: return 3
    case 0xC0...0xDF: return 2
    default: return 1
    }
  }
}
