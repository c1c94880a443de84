/// Reads JSON Lines: one JSON object per physical line (LF or CRLF), extracting only the
/// fields of a `RecordLayout`.
///
/// Blank lines are skipped; a UTF-8 byte order mark at the start is skipped. Keys outside the
/// layout are validated and skipped without building their values. A line that is not a
/// well-formed JSON object (invalid JSON or UTF-8, something after the object, nesting deeper
/// than 512) is yielded as `.rejected` with the reason, and reading goes on.
///
/// A path whose intermediate value is not an object leaves its slot `.null`; when a key is
/// repeated, the last one wins.
public final class JSONLinesReader: RecordReader {
  private var lines: LineSplitter
  private let trie: FieldTrie
  private let slotCount: Int

  /// A reader of `input` extracting the fields of `layout`.
  public init(input: ByteInput, layout: RecordLayout) {
    self.lines = LineSplitter(input: input, skipsByteOrderMark: true)
    self.trie = FieldTrie(layout: layout)
    self.slotCount = layout.count
  }

  /// A reader of a later part of a file: a byte order mark there is data, not skipped.
  init(continuing input: ByteInput, layout: RecordLayout) {
    self.lines = LineSplitter(input: input, skipsByteOrderMark: false)
    self.trie = FieldTrie(layout: layout)
    self.slotCount = layout.count
  }

  /// The next record or rejected line; `nil` at the end of the input.
  public func next() -> RecordItem? {
    while let line = lines.nextLine() {
      if JSONParser.isBlank(line.bytes) { continue }
      return item(from: line)
    }
    return nil
  }

  private func item(from line: LineSplitter.Line) -> RecordItem {
    var values = [Value](repeating: .null, count: slotCount)
    var parser = JSONParser(bytes: line.bytes)
    do {
      try parser.readRecord(matching: trie, into: &values)
    } catch {
      return .rejected(line: line.number, reason: error.reason(in: line.bytes))
    }
    return .record(InputRecord(line: line.number, values: values))
  }
}

extension JSONParser {
  /// Reads a whole line holding one object, filling the slots of `trie`'s paths.
  mutating func readRecord(
    matching trie: FieldTrie, into values: inout [Value]
  ) throws(JSONSyntaxError) {
    skipWhitespace()
    guard current == RecordByte.openingBrace else { throw notAnObject() }
    try readObject(node: 0, of: trie, depth: 1, into: &values)
    try expectEndOfLine()
  }

  /// Reads the object at `position` (at `depth`), filling the slots below `node`.
  private mutating func readObject(
    node: Int, of trie: FieldTrie, depth: Int, into values: inout [Value]
  ) throws(JSONSyntaxError) {
    guard try enterObject(depth: depth) else { return }
    repeat {
      let key = try readKey()
      if let entry = lookUp(key, in: node, of: trie) {
        try readMember(entry, of: trie, depth: depth, into: &values)
      } else {
        try skipValue(depth: depth)
      }
    } while try nextMember()
  }

  /// Reads the value of a key the layout uses.
  private mutating func readMember(
    _ entry: FieldTrie.Entry, of trie: FieldTrie, depth: Int, into values: inout [Value]
  ) throws(JSONSyntaxError) {
    switch (entry.slot != FieldTrie.none, entry.child != FieldTrie.none) {
    case (true, false):
      values[entry.slot] = try parseValue(depth: depth)
    case (false, true):
      trie.clearSubtree(entry.child, in: &values)
      if current == RecordByte.openingBrace {
        try readObject(node: entry.child, of: trie, depth: depth + 1, into: &values)
      } else {
        try skipValue(depth: depth)
      }
    case (true, true):
      let value = try parseValue(depth: depth)
      values[entry.slot] = value
      trie.fillSubtree(entry.child, from: value, into: &values)
    case (false, false):
      try skipValue(depth: depth)
    }
  }

  /// The trie entry for a key, compared as bytes; a key with escapes is decoded first.
  private func lookUp(_ key: JSONStringToken, in node: Int, of trie: FieldTrie) -> FieldTrie.Entry?
  {
    guard key.hasEscapes else {
      return trie.entry(in: node, matching: content(of: key))
    }
    return decodedBytes(key).withUnsafeBufferPointer { trie.entry(in: node, matching: $0) }
  }
}
