/// The ids of one chunk's records, in order: a 64-bit hash of each id's text, its line, and
/// the text's bytes (kept in one buffer, so a record costs no allocation).
struct ChunkIDs: Sendable {
  /// One record's id: its hash, its line, and where its text ends in `bytes`.
  struct Entry: Sendable {
    var hash: UInt64
    var line: Int
    var end: Int
  }

  var entries: [Entry] = []
  /// The ids' bytes, one after the other.
  var bytes: [UInt8] = []

  /// Adds the id `text` of the record at `line`.
  @inline(__always)
  mutating func add(_ text: UnsafeBufferPointer<UInt8>, line: Int) {
    // FNV-1a: the ids are short.
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    bytes.append(contentsOf: text)
    entries.append(Entry(hash: hash, line: line, end: bytes.count))
  }

  /// The text of id `index`.
  func text(_ index: Int) -> String {
    String(
      decoding: bytes[(index == 0 ? 0 : entries[index - 1].end)..<entries[index].end],
      as: UTF8.self)
  }
}

/// Every record id of an input met so far, to find the records that repeat an earlier
/// record's id: an open-addressing table of the ids' 64-bit hashes and first lines, about
/// 32 bytes per record at most. Two different ids with the same hash (about one chance in
/// 10^7 for 10^6 ids) would be taken for one.
struct RecordIDIndex: Sendable {
  /// A place of the table: an id's hash (0: empty) and the line that first had it.
  private struct Place {
    var key: UInt64
    var line: Int
  }

  private var places = [Place](repeating: Place(key: 0, line: 0), count: 1024)
  private var filled = 0
  /// The first repeated ids met, with the lines that have them (the first line first).
  private(set) var repeats: [(id: String, lines: [Int])] = []
  /// How many records repeat an earlier record's id.
  private(set) var repeatedRecords = 0
  /// How many repeated ids `repeats` shows.
  static let shown = 3

  /// Adds a chunk's ids, whose lines start after `baseLine`.
  mutating func add(_ ids: ChunkIDs, baseLine: Int) {
    while 2 * (filled + ids.entries.count) > places.count { grow() }
    var found: [(index: Int, first: Int)] = []
    places.withUnsafeMutableBufferPointer { places in
      let mask = places.count - 1
      for (index, entry) in ids.entries.enumerated() {
        // 0 marks an empty place.
        let key = entry.hash == 0 ? 1 : entry.hash
        var place = Int(truncatingIfNeeded: key >> 1) & mask
        while places[place].key != 0 && places[place].key != key { place = (place + 1) & mask }
        if places[place].key == 0 {
          places[place] = Place(key: key, line: entry.line + baseLine)
          filled += 1
        } else {
          found.append((index, places[place].line))
        }
      }
    }
    for (index, first) in found {
      repeated(ids.text(index), first: first, line: ids.entries[index].line + baseLine)
    }
  }

  private mutating func repeated(_ id: String, first: Int, line: Int) {
    repeatedRecords += 1
    if let known = repeats.firstIndex(where: { $0.id == id }) {
      if repeats[known].lines.count < 3 { repeats[known].lines.append(line) }
    } else if repeats.count < RecordIDIndex.shown {
      repeats.append((id, [first, line]))
    }
  }

  private mutating func grow() {
    let old = places
    places = [Place](repeating: Place(key: 0, line: 0), count: old.count * 2)
    let mask = places.count - 1
    for entry in old where entry.key != 0 {
      var place = Int(truncatingIfNeeded: entry.key >> 1) & mask
      while places[place].key != 0 { place = (place + 1) & mask }
      places[place] = entry
    }
  }

  /// The warning for the input's repeated ids, if any.
  func warning(input: String, idField: FieldPath) -> DataWarning? {
    guard repeatedRecords > 0 else { return nil }
    let shown = repeats.map { id, lines in
      "'\(id)' (lines \(lines.dropLast().map(String.init).joined(separator: ", ")) and \(lines.last ?? 0))"
    }
    let shownRecords = repeats.reduce(0) { $0 + $1.lines.count - 1 }
    let records = repeatedRecords == 1 ? "1 record" : "\(repeatedRecords) records"
    let verb = repeatedRecords == 1 ? "has" : "have"
    return DataWarning(
      code: .repeatedID, input: input,
      message:
        "\(records) of \(input) \(verb) the id of an earlier record (field '\(idField.dotted)'): "
        + shown.joined(separator: ", ") + (repeatedRecords > shownRecords ? ", …" : "")
        + "; each is audited again, so its breaches count twice: remove the repeated rows, "
        + "or name the field that tells records apart with --id",
      fields: [idField.description], lines: repeats.first?.lines ?? [], count: repeatedRecords)
  }
}
