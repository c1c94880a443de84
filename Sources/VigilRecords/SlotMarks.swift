/// Which slots a JSON Lines reader wrote, record by record: whether any record has each field
/// the layout reads, and which records give a field twice (a key repeated in one object).
///
/// One store per key the layout reads: each slot holds the stamp (the line) of the last record
/// that wrote it, so a second write in the same record is a repeat. Plain memory behind a
/// pointer, copied into the parser by value: no reference counting on the hot path.
package struct SlotMarks {
  // Layout: [0] the current record's stamp; then, by slot: the last stamp written, the first
  // line with a repeat, the number of records with a repeat, the last stamp with a repeat.
  private let base: UnsafeMutablePointer<Int>
  /// The number of slots.
  package let count: Int

  /// Marks for `count` slots, none written.
  package static func allocate(count: Int) -> SlotMarks {
    let base = UnsafeMutablePointer<Int>.allocate(capacity: 1 + 4 * count)
    base.initialize(repeating: 0, count: 1 + 4 * count)
    return SlotMarks(base: base, count: count)
  }

  /// Frees the memory; the marks must not be used afterwards.
  package func deallocate() {
    base.deallocate()
  }

  /// Starts a record: `line` (at least 1, growing) tells its writes apart from earlier ones.
  @inline(__always)
  package func begin(line: Int) {
    base[0] = line
  }

  /// Notes that the current record wrote `slot`.
  @inline(__always)
  package func mark(_ slot: Int) {
    let written = base + 1 + slot
    if written.pointee == base[0] {
      repeated(slot)
    } else {
      written.pointee = base[0]
    }
  }

  @inline(never)
  private func repeated(_ slot: Int) {
    let stamp = base[0]
    let first = base + 1 + count + slot
    let records = base + 1 + 2 * count + slot
    let last = base + 1 + 3 * count + slot
    guard last.pointee != stamp else { return }
    last.pointee = stamp
    if first.pointee == 0 { first.pointee = stamp }
    records.pointee += 1
  }

  /// What the marks say, as a value.
  package var fields: FieldMarks {
    var marks = FieldMarks(count: count)
    for slot in 0..<count {
      marks.seen[slot] = base[1 + slot] != 0
      let records = base[1 + 2 * count + slot]
      if records > 0 {
        marks.repeats[slot] = FieldMarks.Repeat(firstLine: base[1 + count + slot], records: records)
      }
    }
    return marks
  }
}

/// Which fields of a layout some record of an input has, and which are given twice in one
/// record: gathered chunk by chunk, then merged.
package struct FieldMarks: Sendable, Equatable {
  /// A field given twice in one record (or, for CSV, a column named twice in the header).
  package struct Repeat: Sendable, Equatable {
    /// The first line with the repeat (JSON Lines; 0 for CSV).
    package var firstLine: Int
    /// How many records repeat it.
    package var records: Int
    /// For CSV: the columns with the name (1-based); the first is read.
    package var columns: [Int] = []
  }

  /// By slot: whether some record has the field.
  package var seen: [Bool]
  /// By slot: the field's repeat, if any record gives it twice.
  package var repeats: [Repeat?]

  /// No field seen yet, among `count`.
  package init(count: Int) {
    seen = [Bool](repeating: false, count: count)
    repeats = [Repeat?](repeating: nil, count: count)
  }

  /// Adds the marks of a later part of the input, whose lines start after `baseLine`.
  package mutating func merge(_ other: FieldMarks, baseLine: Int) {
    for slot in seen.indices where other.seen[slot] { seen[slot] = true }
    for (slot, found) in other.repeats.enumerated() {
      guard var found else { continue }
      found.firstLine += baseLine
      if let earlier = repeats[slot] {
        repeats[slot]?.records = earlier.records + found.records
      } else {
        repeats[slot] = found
      }
    }
  }
}
