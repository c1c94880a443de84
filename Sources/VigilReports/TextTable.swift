/// The aligned tables of the text reports (`AccountabilityWriter.table`): columns padded to
/// their widest cell, cells that begin with a number right-aligned, each cell's control
/// characters escaped (`TextLine`), trailing spaces trimmed. Written as bytes: a report of a
/// thousand parties holds tens of thousands of cells, and each one's width in characters, its
/// padding and its line made as strings cost some 2,000 instructions a cell.
enum TextTable {
  /// The table of `header` and `rows` (each as many cells as the header), a line each.
  static func render(_ header: [String], _ rows: [[String]]) -> String {
    let all = [header] + rows.map { $0.map(escaped) }
    let lengths = all.map { $0.map(length) }
    let widths = header.indices.map { column in lengths.map { $0[column] }.max() ?? 0 }
    var out: [UInt8] = []
    out.reserveCapacity(all.count * (widths.reduce(0, +) + 2 * widths.count + 1))
    for (row, cells) in all.enumerated() {
      let start = out.count
      out.append(contentsOf: [0x20, 0x20])
      for (column, cell) in cells.enumerated() {
        let padding = repeatElement(UInt8(0x20), count: widths[column] - lengths[row][column])
        if column > 0 && beginsWithNumber(cell) {
          out.append(contentsOf: padding)
          out.append(contentsOf: cell.utf8)
        } else {
          out.append(contentsOf: cell.utf8)
          out.append(contentsOf: padding)
        }
        if column < cells.count - 1 { out.append(contentsOf: [0x20, 0x20]) }
      }
      while out.count > start, out.last == 0x20 { out.removeLast() }
      out.append(0x0A)
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// A cell with its control characters escaped (`TextLine.escaped`); one with none as it is.
  static func escaped(_ cell: String) -> String {
    var cell = cell
    let plain = cell.withUTF8 { !TextScan.containsControl($0) }
    return plain ? cell : TextLine.escaped(cell)
  }

  /// A cell's width in characters: its bytes when they are printable ASCII (one character
  /// each), else its characters counted.
  static func length(_ cell: String) -> Int {
    var printable = true
    for byte in cell.utf8 where byte < 0x20 || byte >= 0x7F {
      printable = false
      break
    }
    return printable ? cell.utf8.count : cell.count
  }

  /// Whether a cell's first character is a number (or `–`, a rate of none): by its first byte
  /// when it and the next are ASCII (no mark can join them), else by the character.
  static func beginsWithNumber(_ cell: String) -> Bool {
    var bytes = cell.utf8.makeIterator()
    guard let first = bytes.next() else { return false }
    let second = bytes.next()
    if first < 0x80, second.map({ $0 < 0x80 }) ?? true {
      return (0x30...0x39).contains(first)
    }
    return cell.first.map { $0.isNumber || $0 == "–" } ?? false
  }
}
