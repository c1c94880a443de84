import VigilCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads CSV (RFC 4180) whose first record is a header naming the columns, extracting only
/// the fields of a `RecordLayout`.
///
/// A layout path matches the column named by its dotted form (`FieldPath.dotted`): the column
/// `Created Date` is `` `Created Date` ``, the column `customer.tier` is `customer.tier`. When
/// two columns have the same name, the first is used (`fieldMarks` tells which layout fields
/// have several columns); a path with no column stays `.null`.
/// Cells are `.text`, except empty cells (nothing between the commas, or `""`) and cells
/// holding exactly one of the layout's `missingTexts` (`missing "?"`), which are missing
/// (`.null`).
///
/// A record's line is the physical line where it starts (the header is line 1). Empty lines
/// are skipped. A malformed record (a field count unlike the header's, a stray quote,
/// invalid UTF-8, a quoted field never closed) is yielded as `.rejected`, and reading goes on
/// at the next line. A malformed header is rejected and ends the reading.
///
/// A record is kept in memory whole up to `maxLineBytes`; a longer one (an unterminated quote
/// makes the rest of the input one record) is skipped as it is read and rejected.
package final class CSVReader: RecordReader {
  private enum Phase {
    case header
    case records
    case finished
  }

  private let input: ByteInput
  private let layout: RecordLayout
  // Read and changed only by this reader, one record at a time: no dynamic exclusivity checks
  // (here and below).
  @exclusivity(unchecked) private var phase = Phase.header
  @exclusivity(unchecked) private var lineNumber = 1
  @exclusivity(unchecked) private var fields = CSVFields()
  /// The column names, once the header is read.
  @exclusivity(unchecked) package private(set) var columns: [String] = []
  /// For each column, the slot it fills, or `FieldTrie.none`.
  @exclusivity(unchecked) private var columnSlots: [Int] = []
  /// Slots filled with a copy of another slot: paths with the same dotted name.
  @exclusivity(unchecked) private var copiedSlots: [(source: Int, target: Int)] = []
  /// The columns that fill a slot, in order, each with its slot: what `fill` walks.
  @exclusivity(unchecked) private var readColumns: [ReadColumn] = []
  /// `readColumns` in two: the columns whose slot is read as a text, and as a time (what
  /// `fillDeferring` walks, with no test of the kind per cell). Storage of this reader's own,
  /// not arrays: walking them costs no reference counting.
  @exclusivity(unchecked) private var textColumns = UnsafeMutableBufferPointer<ReadColumn>(
    start: nil, count: 0)
  @exclusivity(unchecked) private var timeColumns = UnsafeMutableBufferPointer<ReadColumn>(
    start: nil, count: 0)

  /// A column that fills a slot, and whether the slot is read as a time.
  private struct ReadColumn {
    let column: Int
    let slot: Int
    let readsTime: Bool
  }
  /// Which of the layout's fields have a column, and which have several (once the header is
  /// read): the header is every record's.
  @exclusivity(unchecked) package private(set) var fieldMarks = FieldMarks(count: 0)
  /// Records longer than this many bytes (without their line end) are rejected; those longer
  /// than what is pending are skipped as they are read, never held whole.
  @exclusivity(unchecked) package var maxLineBytes = Int.max
  /// The option that sets `maxLineBytes`, named when a record is rejected; nil: none can.
  package var limitOption: String?

  /// A reader of `input` extracting the fields of `layout`.
  package init(input: ByteInput, layout: RecordLayout) {
    self.input = input
    self.layout = layout
    self.fieldMarks = FieldMarks(count: layout.count)
  }

  /// A reader of records only (no header, no byte order mark) in `input`, a later part of
  /// the file whose header `header` read. Lines are counted from 1 at the start of `input`.
  package init(input: ByteInput, continuing header: CSVReader) {
    self.input = input
    self.layout = header.layout
    self.phase = .records
    self.columns = header.columns
    self.columnSlots = header.columnSlots
    self.copiedSlots = header.copiedSlots
    self.readColumns = header.readColumns
    self.textColumns = CSVReader.copy(header.textColumns)
    self.timeColumns = CSVReader.copy(header.timeColumns)
    self.fieldMarks = header.fieldMarks
  }

  deinit {
    textColumns.deallocate()
    timeColumns.deallocate()
  }

  /// Storage of its own holding `columns`.
  private static func copy(
    _ columns: some Collection<ReadColumn>
  ) -> UnsafeMutableBufferPointer<ReadColumn> {
    let copy = UnsafeMutableBufferPointer<ReadColumn>.allocate(capacity: columns.count)
    _ = copy.initialize(from: columns)
    return copy
  }

  /// The line where the next record starts (after the last, one past the last line read).
  package var currentLine: Int { lineNumber }

  /// How many lines were read so far.
  package var linesRead: Int { lineNumber - 1 }

  /// The next record or rejected record; `nil` at the end of the input.
  package func next() -> RecordItem? {
    var reader = self
    return reader.nextItem(slots: layout.count)
  }

  /// Reads the next record into `values`.
  package func read(into values: UnsafeMutableBufferPointer<Value>) -> ReadOutcome {
    read(into: values, deferring: nil)
  }

  /// Reads the next record into `frame`, leaving its cells unread (their spans in
  /// `frame.deferred`) until something reads them: many never are.
  package func read(into frame: RecordSlots) -> ReadOutcome {
    read(into: frame.values, deferring: frame)
  }

  private func read(
    into values: UnsafeMutableBufferPointer<Value>, deferring frame: RecordSlots?
  ) -> ReadOutcome {
    if phase == .header, case .rejected(let line, let reason) = readHeader() {
      return .rejected(line: line, reason: reason)
    }
    guard phase == .records, let scanned = scanNextRecord() else { return .end }
    let line = lineNumber
    let outcome: ReadOutcome
    if scanned.length > maxLineBytes && recordLength(scanned) > maxLineBytes {
      let reason = LineLimit.rejection(
        length: recordLength(scanned), limit: maxLineBytes, csv: true, option: limitOption)
      outcome = .rejected(line: line, reason: reason)
    } else if let reason = scanned.malformation {
      outcome = .rejected(line: line, reason: reason)
    } else if let reason = fill(values, deferring: frame) {
      // (Filled before advancing: it reads the pending bytes.)
      outcome = .rejected(line: line, reason: reason)
    } else {
      outcome = .record(line: line)
    }
    advance(past: scanned)
    return outcome
  }

  /// Reads the header, if it is not read yet; returns the header's rejection if it is malformed.
  /// Afterwards, `columns` holds the column names.
  package func readHeader() -> RecordItem? {
    guard phase == .header else { return nil }
    input.skipByteOrderMark()
    guard let scanned = scanNextRecord() else { return nil }
    var malformation = scanned.malformation
    if scanned.length > maxLineBytes && recordLength(scanned) > maxLineBytes {
      malformation = LineLimit.rejection(
        length: recordLength(scanned), limit: maxLineBytes, csv: true, option: limitOption)
    }
    if let reason = malformation {
      phase = .finished
      return .rejected(line: lineNumber, reason: "invalid header: \(reason)")
    }
    columns = fields.spans.map { text(of: $0) }
    matchColumns()
    advance(past: scanned)
    phase = .records
    return nil
  }

  /// Scans the next record into `fields`, reading more input and skipping blank lines as
  /// needed; `nil` (and the reading finished) at the end of the input.
  private func scanNextRecord() -> CSVScannedRecord? {
    while true {
      var scanner = CSVScanner(
        bytes: input.pending, isFinal: input.isExhausted)
      switch scanner.scanRecord(into: &fields) {
      case .record(let scanned):
        return scanned
      case .blankLine(let length):
        input.consume(length)
        lineNumber += 1
      case .needsMore:
        // (A record of exactly the limit may have one byte more pending: its `\r`.)
        if input.pending.count - 1 > maxLineBytes { return skipRecord() }
        // The more bytes are pending, the more it reads, so rescanning a long record from its
        // start costs linear time overall.
        input.readMore(atLeast: max(input.pending.count, 1))
      case .endOfInput:
        phase = .finished
        return nil
      }
    }
  }

  /// Skips the record the pending bytes begin (outside quotes), up to the first line feed
  /// after an even number of quotes, consuming it as it reads: a record of no bytes whose
  /// malformation says how long it was.
  private func skipRecord() -> CSVScannedRecord {
    var length = 0
    var quotes = 0
    var lines = 0
    var last: UInt8 = 0
    reading: while true {
      let pending = input.pending
      for (offset, byte) in pending.enumerated() {
        if byte == UInt8(ascii: "\"") {
          quotes += 1
        } else if byte == RecordByte.lineFeed {
          lines += 1
          if quotes % 2 == 0 {
            length += offset
            if offset > 0 { last = pending[offset - 1] }
            if last == RecordByte.carriageReturn { length -= 1 }
            input.consume(offset + 1)
            break reading
          }
        }
      }
      length += pending.count
      if let final = pending.last { last = final }
      input.consume(pending.count)
      if !input.readMore() { break }
    }
    let reason = LineLimit.rejection(
      length: length, limit: maxLineBytes, csv: true, option: limitOption)
    return CSVScannedRecord(length: 0, lines: lines, malformation: reason)
  }

  /// The length of a scanned record without its line end (LF or CRLF).
  private func recordLength(_ scanned: CSVScannedRecord) -> Int {
    let bytes = input.pending
    var length = scanned.length
    if length > 0 && bytes[length - 1] == RecordByte.lineFeed { length -= 1 }
    if length > 0 && bytes[length - 1] == RecordByte.carriageReturn { length -= 1 }
    return length
  }

  /// Moves past a scanned record.
  private func advance(past scanned: CSVScannedRecord) {
    input.consume(scanned.length)
    lineNumber += scanned.lines
  }

  /// Fills `values` from the scanned fields; returns the rejection when the field count is
  /// wrong.
  /// A cell without `""` inside is left unread when there is a frame to defer it to: its
  /// span, from the record's first byte, goes into `frame.deferred`.
  private func fill(
    _ values: UnsafeMutableBufferPointer<Value>, deferring frame: RecordSlots?
  ) -> String? {
    guard fields.count == columns.count else {
      let noun = fields.count == 1 ? "field" : "fields"
      return "has \(fields.count) \(noun), the header has \(columns.count)"
    }
    RecordSlots.clear(values)
    if let frame {
      for slot in frame.deferred.indices { frame.deferred[slot] = -1 }
      frame.line.pointee = input.pending.baseAddress
    }
    if let frame, layout.missingTexts.isEmpty, let base = input.pending.baseAddress {
      fillDeferring(frame, base: base)
    } else {
      fillEach(values, deferring: frame)
    }
    for (source, target) in copiedSlots {
      values[target] = values[source]
      if let frame { frame.deferred[target] = frame.deferred[source] }
    }
    return nil
  }

  /// `fill`'s cells with a frame to defer them to and no missing texts to look for: a text
  /// left unread (its span), a time read now when it is in the common layout (as the JSON
  /// Lines reader does); a cell with `""` inside, or a time in another layout, read whole.
  /// The field count is the header's, so each column's span is there; every slot is null,
  /// and its span -1, as `fill` left it.
  private func fillDeferring(_ frame: RecordSlots, base: UnsafePointer<UInt8>) {
    let spans = fields.storage
    let deferred = frame.deferred.baseAddress.unsafelyUnwrapped
    for entry in textColumns {
      let field = spans[entry.column]
      // An empty cell is missing: its slot was cleared, and no text is left unread.
      if field.start == field.end { continue }
      guard !field.hasEscapedQuotes else {
        frame.values[entry.slot] = .text(text(of: field))
        continue
      }
      deferred[entry.slot] = field.start << 32 | field.end
    }
    for entry in timeColumns {
      let field = spans[entry.column]
      if field.start == field.end { continue }
      guard !field.hasEscapedQuotes else {
        frame.values[entry.slot] = value(of: field, readsTime: true)
        continue
      }
      let bytes = UnsafeBufferPointer(start: base + field.start, count: field.end &- field.start)
      if let instant = TimeParsing.commonISO8601(bytes) {
        // Into a null slot: nothing to destroy.
        (frame.values.baseAddress.unsafelyUnwrapped + entry.slot).initialize(to: .time(instant))
      } else {
        deferred[entry.slot] = field.start << 32 | field.end | RecordSlots.deferredTime
      }
    }
  }

  /// `fill`'s cells one by one, in general: with no frame every cell is read now, and cells
  /// holding a missing text are missing.
  private func fillEach(_ values: UnsafeMutableBufferPointer<Value>, deferring frame: RecordSlots?)
  {
    let base = input.pending.baseAddress
    let spans = fields.storage
    let checksMissing = !layout.missingTexts.isEmpty
    let deferred = frame?.deferred
    readColumns.withUnsafeBufferPointer { readColumns in
      for entry in readColumns {
        let field = spans[entry.column]
        // An empty cell is missing: its slot was cleared, and no text is left unread.
        if field.start == field.end { continue }
        if checksMissing && isMissingText(field) { continue }
        let (slot, readsTime) = (entry.slot, entry.readsTime)
        guard let deferred, let base, !field.hasEscapedQuotes else {
          values[slot] = value(of: field, readsTime: readsTime)
          continue
        }
        if readsTime,
          let instant = TimeParsing.commonISO8601(
            UnsafeBufferPointer(start: base + field.start, count: field.end &- field.start))
        {
          RecordSlots.put(time: instant, at: slot, in: values)
        } else {
          deferred[slot] =
            field.start << 32 | field.end | (readsTime ? RecordSlots.deferredTime : 0)
        }
      }
    }
  }

  /// Whether the cell holds exactly one of the texts that mean a missing value.
  private func isMissingText(_ field: CSVFieldSpan) -> Bool {
    let length = field.end - field.start
    guard !field.hasEscapedQuotes, length > 0, let base = input.pending.baseAddress else {
      return false
    }
    return layout.missingTexts.contains { text in
      text.count == length && memcmp(base + field.start, text, length) == 0
    }
  }

  /// Gives each layout field the first column with its dotted name, and notes the fields
  /// that have a column and those with several.
  private func matchColumns() {
    var slotsByName: [String: [Int]] = [:]
    for (slot, field) in layout.fields.enumerated() {
      slotsByName[field.dotted, default: []].append(slot)
    }
    var marks = FieldMarks(count: layout.count)
    var matched: [String: [Int]] = [:]
    columnSlots = columns.enumerated().map { column, name in
      guard let slots = slotsByName.removeValue(forKey: name) else {
        for slot in matched[name] ?? [] { marks.repeats[slot]?.columns.append(column + 1) }
        return FieldTrie.none
      }
      matched[name] = slots
      for slot in slots {
        marks.seen[slot] = true
        marks.repeats[slot] = FieldMarks.Repeat(firstLine: 0, records: 0, columns: [column + 1])
      }
      for target in slots.dropFirst() {
        copiedSlots.append((source: slots[0], target: target))
      }
      return slots[0]
    }
    readColumns = columnSlots.enumerated().compactMap { column, slot in
      slot == FieldTrie.none
        ? nil : ReadColumn(column: column, slot: slot, readsTime: layout.readsAsTime[slot])
    }
    textColumns.deallocate()
    timeColumns.deallocate()
    textColumns = CSVReader.copy(readColumns.filter { !$0.readsTime })
    timeColumns = CSVReader.copy(readColumns.filter { $0.readsTime })
    // A repeat is a field with more than one column.
    for slot in marks.repeats.indices where (marks.repeats[slot]?.columns.count ?? 0) < 2 {
      marks.repeats[slot] = nil
    }
    fieldMarks = marks
  }

  /// A cell as a value: `.null` when empty, a `.time` when the slot is read as a time and
  /// the cell is an ISO-8601 timestamp, else `.text`.
  private func value(of field: CSVFieldSpan, readsTime: Bool) -> Value {
    if field.start == field.end { return .null }
    if readsTime && !field.hasEscapedQuotes {
      let content = UnsafeBufferPointer(rebasing: input.pending[field.start..<field.end])
      if case .time(let instant) = TimeParsing.parseISO8601(content) { return .time(instant) }
    }
    return .text(text(of: field))
  }

  /// A cell's text, with `""` unescaped.
  private func text(of field: CSVFieldSpan) -> String {
    let content = UnsafeBufferPointer(rebasing: input.pending[field.start..<field.end])
    guard field.hasEscapedQuotes else {
      return String(decoding: content, as: UTF8.self)
    }
    var unescaped: [UInt8] = []
    unescaped.reserveCapacity(content.count)
    var index = 0
    while index < content.count {
      unescaped.append(content[index])
      // A quote inside a quoted field is always doubled: keep one.
      index += content[index] == RecordByte.quote ? 2 : 1
    }
    return String(decoding: unescaped, as: UTF8.self)
  }
}
