import VigilCore

/// Reads JSON Lines: one JSON object per physical line (LF or CRLF), extracting only the
/// fields of a `RecordLayout`.
///
/// Blank lines are skipped; a UTF-8 byte order mark at the start is skipped. Keys outside the
/// layout are validated and skipped without building their values. A line that is not a
/// well-formed JSON object (invalid JSON or UTF-8, something after the object, nesting deeper
/// than 512) is yielded as `.rejected` with the reason, and reading goes on.
///
/// A path whose intermediate value is not an object leaves its slot `.null`; when a key is
/// repeated, the last one wins. The reader notes which of the layout's fields some record has
/// and which records give one twice (`fieldMarks`).
package final class JSONLinesReader: RecordReader {
  // Read and advanced only by this reader, one record at a time: no dynamic exclusivity check.
  @exclusivity(unchecked) private var lines: LineSplitter
  private let trie: FieldTrie
  private let slotCount: Int
  private let marks: SlotMarks
  private let predictions = KeyPredictions.allocate()
  /// Lines longer than this many bytes (without their line end) are rejected; those longer
  /// than what is pending are skipped as they are read, never held whole.
  package var maxLineBytes: Int {
    get { lines.maxLineBytes }
    set { lines.maxLineBytes = newValue }
  }
  /// The option that sets `maxLineBytes`, named when a line is rejected; nil: none can.
  package var limitOption: String?
  /// Whether the next line was read once already and failed (`readFirstLine`).
  private var markless = false

  /// A reader of `input` extracting the fields of `layout`.
  package init(input: ByteInput, layout: RecordLayout) {
    self.lines = LineSplitter(input: input, skipsByteOrderMark: true)
    self.trie = FieldTrie(layout: layout)
    self.slotCount = layout.count
    self.marks = SlotMarks.allocate(count: layout.count)
  }

  /// A reader of a later part of a file: a byte order mark there is data, not skipped.
  package init(continuing input: ByteInput, layout: RecordLayout) {
    self.lines = LineSplitter(input: input, skipsByteOrderMark: false)
    self.trie = FieldTrie(layout: layout)
    self.slotCount = layout.count
    self.marks = SlotMarks.allocate(count: layout.count)
  }

  deinit {
    marks.deallocate()
    predictions.deallocate()
  }

  /// Reads `input` from its start next, as a new reader of it would (its byte order mark
  /// skipped), keeping what this one built for the layout: its trie and its key predictions.
  /// For a reader of one record at a time (`vigil watch`), made once, not once a line.
  package func restart(with input: ByteInput) {
    lines = LineSplitter(input: input, skipsByteOrderMark: true)
    markless = false
  }

  /// Which of the layout's fields the records read so far have, and which they give twice
  /// (lines counted as `linesRead` counts them).
  package var fieldMarks: FieldMarks { marks.fields }

  /// The next record or rejected line; `nil` at the end of the input.
  package func next() -> RecordItem? {
    var reader = self
    return reader.nextItem(slots: slotCount)
  }

  /// How many lines were read so far.
  package var linesRead: Int { lines.lineNumber }

  /// Reads the next record into `values`.
  package func read(into values: UnsafeMutableBufferPointer<Value>) -> ReadOutcome {
    read(into: values, deferring: nil)
  }

  /// Reads the next record into `frame`, leaving the texts of the slots only reports read
  /// unread (their spans in `frame.deferred`) until a violation needs them.
  package func read(into frame: RecordSlots) -> ReadOutcome {
    read(into: frame.values, deferring: frame)
  }

  private func read(
    into values: UnsafeMutableBufferPointer<Value>, deferring frame: RecordSlots?
  ) -> ReadOutcome {
    if let rest = lines.remainingInput(), !rest.isEmpty, rest.count <= lines.maxLineBytes,
      let outcome = readFirstLine(of: rest, into: values, deferring: frame)
    {
      return outcome
    }
    while let line = lines.nextLine() {
      // A line whose first reading failed (`readFirstLine`) was marked by it: not again.
      let marked = markless
      markless = false
      if line.bytes.count > lines.maxLineBytes || line.skippedLength != nil {
        let reason = LineLimit.rejection(
          length: line.skippedLength ?? line.bytes.count, limit: lines.maxLineBytes, csv: false,
          option: limitOption)
        return .rejected(line: line.number, reason: reason)
      }
      if JSONParser.isBlank(line.bytes) { continue }
      RecordSlots.clear(values)
      if let frame {
        for slot in frame.deferred.indices { frame.deferred[slot] = -1 }
        frame.line.pointee = line.bytes.baseAddress
      }
      var parser = JSONParser(bytes: line.bytes)
      parser.deferred = frame?.deferred
      parser.marks = marked ? nil : marks
      parser.predictions = predictions
      marks.begin(line: line.number)
      do {
        try parser.readRecord(matching: trie, into: values)
      } catch {
        return .rejected(line: line.number, reason: error.reason(in: line.bytes))
      }
      return .record(line: line.number)
    }
    return .end
  }

  /// Reads the record on the first line of `rest`, the rest of the input (a chunk's): the
  /// parser finds the line's end as it reads, with no search for it first. Nil (nothing
  /// consumed) when the line is not a well-formed record: it is then read as any line is, so
  /// that a blank line is skipped and a rejected one gets the same reason. The field marks
  /// this attempt left are those the line's reading leaves before it fails, as that reading
  /// is made without marks.
  private func readFirstLine(
    of rest: UnsafeBufferPointer<UInt8>, into values: UnsafeMutableBufferPointer<Value>,
    deferring frame: RecordSlots?
  ) -> ReadOutcome? {
    // The frame's pointers read once, first: clearing may release a value, and a frame still
    // to be read after that is retained around it (twice a record).
    let deferred = frame?.deferred
    frame?.line.pointee = rest.baseAddress
    if let deferred {
      RecordSlots.clear(values, deferred: deferred)
    } else {
      RecordSlots.clear(values)
    }
    var parser = JSONParser(bytes: rest)
    parser.deferred = deferred
    parser.marks = marks
    parser.predictions = predictions
    let number = lines.lineNumber + 1
    marks.begin(line: number)
    do {
      let end = try parser.readRecordEndingLine(matching: trie, into: values)
      lines.acceptLine(endingAt: end, of: rest)
      return .record(line: number)
    } catch {
      markless = true
      return nil
    }
  }
}

extension JSONParser {
  /// Reads a whole line holding one object, filling the slots of `trie`'s paths.
  package mutating func readRecord(
    matching trie: FieldTrie, into values: UnsafeMutableBufferPointer<Value>
  ) throws(JSONSyntaxError) {
    skipWhitespace()
    guard current == RecordByte.openingBrace else { throw notAnObject() }
    try readObject(node: 0, of: trie, depth: 1, into: values)
    try expectEndOfLine()
  }

  /// Reads the object that begins the bytes, up to the end of its line: the offset of the
  /// line feed that ends it, or of the bytes' end.
  package mutating func readRecordEndingLine(
    matching trie: FieldTrie, into values: UnsafeMutableBufferPointer<Value>
  ) throws(JSONSyntaxError) -> Int {
    skipWhitespace()
    guard current == RecordByte.openingBrace else { throw notAnObject() }
    try readObject(node: 0, of: trie, depth: 1, into: values)
    skipWhitespace()
    guard position == bytes.count || bytes[position] == RecordByte.lineFeed else {
      throw error(.trailingCharacters)
    }
    return position
  }

  /// Reads the object at `position` (at `depth`), filling the slots below `node`.
  private mutating func readObject(
    node: Int, of trie: FieldTrie, depth: Int, into values: UnsafeMutableBufferPointer<Value>
  ) throws(JSONSyntaxError) {
    var set = KeyPredictions.set(of: KeyPredictions.objectTag(node: node))
    var index = try readFirstKey(in: node, of: trie, depth: depth, after: &set)
    while index != JSONParser.objectEnd {
      if index != FieldTrie.none {
        let entry = trie.entry(at: index)
        if let deferred, entry.pointee.child == FieldTrie.none, current == RecordByte.quote {
          // The commonest member: a string the layout reads (a key without a child has a
          // slot), left unread until a policy reads it, as `readMember` leaves it.
          let slot = entry.pointee.slot
          marks?.mark(slot)
          if entry.pointee.readsTime, let instant = readCommonTime() {
            // A time in the common layout is read now, from its first byte with no look for
            // its end first: the rules read every time field they name (for its data
            // errors), and a slot read later costs more than the parse.
            deferred[slot] = -1
            RecordSlots.put(time: instant, at: slot, in: values)
          } else {
            let token = try scanString()
            if token.hasEscapes {
              deferred[slot] = -1
              values[slot] = .text(string(token))
            } else {
              // Not a time in the common layout (`readCommonTime` would have read it): left
              // for the general reader, when a policy gets to it.
              let time = entry.pointee.readsTime ? RecordSlots.deferredTime : 0
              deferred[slot] = token.start << 32 | token.end | time
            }
          }
        } else {
          try readMember(entry, of: trie, depth: depth, into: values)
        }
      } else if current == RecordByte.quote {
        // Most values no policy reads are strings: skipped here, with no call.
        _ = try scanString()
      } else {
        try skipValue(depth: depth)
      }
      // The next key, most often the one predicted (with no call); else read and learnt.
      if let next = predictedKey(in: node, after: &set) {
        index = next
      } else if current == RecordByte.closingBrace {
        // The object's end, right after its last value.
        position &+= 1
        break
      } else {
        index = try readNextKey(in: node, of: trie, after: &set)
      }
    }
  }

  /// At a string's opening quote: the instant the string holds, if it is exactly a time in
  /// the common layout (`TimeParsing.commonISO8601`, its closing quote right after it), and
  /// then moves past it; else nil, and nothing read. Such a string has no escapes and only
  /// ASCII bytes, so it is a valid JSON string.
  @inline(__always)
  private mutating func readCommonTime() -> Int64? {
    guard let base = bytes.baseAddress else { return nil }
    let start = position &+ 1
    let rest = UnsafeBufferPointer(start: base + start, count: bytes.count &- start)
    guard let (instant, length) = TimeParsing.commonISO8601Prefix(rest), length < rest.count,
      rest[length] == RecordByte.quote
    else { return nil }
    position = start &+ length &+ 1
    return instant
  }

  /// Reads the value of a key the layout uses.
  @inline(never)
  private mutating func readMember(
    _ entryPointer: UnsafePointer<FieldTrie.Entry>, of trie: FieldTrie, depth: Int,
    into values: UnsafeMutableBufferPointer<Value>
  ) throws(JSONSyntaxError) {
    let entry = entryPointer.pointee
    if entry.slot != FieldTrie.none {
      marks?.mark(entry.slot)
      // A repeated key replaces a text left unread before.
      if let deferred { deferred[entry.slot] = -1 }
    }
    // `readObject` reads a string of a slot itself when texts are kept unread (`deferred`):
    // here such a string is read only when they are not.
    switch (entry.slot != FieldTrie.none, entry.child != FieldTrie.none) {
    case (true, false) where entry.readsTime && current == RecordByte.quote:
      values[entry.slot] = try parseTime()
    case (true, false) where current == RecordByte.lowercaseN && isNull:
      // A missing value: the slot was cleared for the record (and by a repeated key above).
      values[entry.slot] = .null
      position += 4
    case (true, false):
      values[entry.slot] = try parseValue(depth: depth)
    case (false, true):
      trie.clearSubtree(entry.child, in: values)
      if current == RecordByte.openingBrace {
        try readObject(node: entry.child, of: trie, depth: depth + 1, into: values)
      } else {
        try skipValue(depth: depth)
      }
    case (true, true):
      let value = try parseValue(depth: depth)
      values[entry.slot] = value
      trie.fillSubtree(entry.child, from: value, into: values, marking: marks)
    case (false, false):
      try skipValue(depth: depth)
    }
  }

  /// Whether the four bytes at `position` spell `null`, compared as one integer.
  @inline(__always)
  private var isNull: Bool {
    guard position + 4 <= bytes.count, let base = bytes.baseAddress else { return false }
    return UnsafeRawPointer(base + position).loadUnaligned(as: UInt32.self)
      == UInt32(littleEndian: 0x6C6C_756E)
  }

  /// A string in a slot read as a time: `.time` straight from its bytes when it is an
  /// ISO-8601 timestamp with an offset, else the text, for the evaluator to judge.
  private mutating func parseTime() throws(JSONSyntaxError) -> Value {
    let token = try scanString()
    if !token.hasEscapes, case .time(let instant) = TimeParsing.parseISO8601(content(of: token)) {
      return .time(instant)
    }
    return .text(string(token))
  }
}
