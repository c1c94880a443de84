/// The lines that differ between two texts, as hunks: what range formatting edits. Lines are
/// cut as `LineIndex` cuts them (at `\n`, `\r\n` or a lone `\r`), each keeping its break.
enum LineDiff {
  /// A run of old lines replaced by new text.
  struct Hunk: Equatable {
    /// The old lines replaced, `start..<end` (empty for an insertion before `start`).
    var start: Int
    var end: Int
    /// The new lines, each with its line break.
    var text: String
  }

  /// The lines of `index`'s text, each with its line break.
  static func lines(_ index: LineIndex) -> [ArraySlice<UInt8>] {
    var lines: [ArraySlice<UInt8>] = []
    for (line, start) in index.lineStarts.enumerated() {
      let end = line + 1 < index.lineStarts.count ? index.lineStarts[line + 1] : index.bytes.count
      if start < end { lines.append(index.bytes[start..<end]) }
    }
    return lines
  }

  /// The hunks that turn `old` into `new`, in order.
  static func hunks(from old: LineIndex, to new: LineIndex) -> [Hunk] {
    let oldLines = lines(old)
    let newLines = lines(new)
    var removed = Set<Int>()
    var inserted = Set<Int>()
    for change in newLines.difference(from: oldLines) {
      switch change {
      case .remove(let offset, _, _): removed.insert(offset)
      case .insert(let offset, _, _): inserted.insert(offset)
      }
    }
    var hunks: [Hunk] = []
    var oldIndex = 0
    var newIndex = 0
    while oldIndex < oldLines.count || newIndex < newLines.count {
      guard removed.contains(oldIndex) || inserted.contains(newIndex) else {
        oldIndex += 1
        newIndex += 1
        continue
      }
      let start = oldIndex
      var bytes: [UInt8] = []
      while removed.contains(oldIndex) { oldIndex += 1 }
      while inserted.contains(newIndex) {
        bytes += newLines[newIndex]
        newIndex += 1
      }
      hunks.append(Hunk(start: start, end: oldIndex, text: String(decoding: bytes, as: UTF8.self)))
    }
    return hunks
  }
}
