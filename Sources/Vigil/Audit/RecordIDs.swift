/// The ids of one chunk's records, in order: a 64-bit hash of each id's text, its line, and
/// the text's bytes (kept in one buffer, so a record costs no allocation).
struct ChunkIDs: Sendable {
  var hashes: [UInt64] = []
  var lines: [Int] = []
  /// The ids' bytes, one after the other; `ends[i]` is where id `i` ends.
  var bytes: [UInt8] = []
  var ends: [Int] = []

  /// Adds the id `text` of the record at `line`.
  @inline(__always)
  mutating func add(_ text: UnsafeBufferPointer<UInt8>, line: Int) {
    // FNV-1a: the ids are short.
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    hashes.append(hash)
    lines.append(line)
    bytes.append(contentsOf: text)
    ends.append(bytes.count)
  }

  /// The text of id `index`.
  func text(_ index: Int) -> String {
    String(decoding: bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]], as: UTF8.self)
  }
}

/// Every record id of an input met so far, to find the records that repeat an earlier
/// record's id: an open-addressing table of the ids' 64-bit hashes and first lines, about
/// 32 bytes per record at most. Two different ids with the same hash (about one chance in
/// 10^7 for 10^6 ids) would be taken for one.
struct RecordIDIndex: Sendable {
  private var keys: [UInt64]
  private var firstLines: [Int]
  private var filled = 0
  /// The first repeated ids met, with the lines that have them (the first line first).
  private(set) var repeats: [(id: String, lines: [Int])] = []
  /// How many records repeat an earlier record's id.
  private(set) var repeatedRecords = 0
  /// How many repeated ids `repeats` shows.
  static let shown = 3

  init() {
    keys = [UInt64](repeating: 0, count: 1024)
    firstLines = [Int](repeating: 0, count: 1024)
  }

  /// Adds a chunk's ids, whose lines start after `baseLine`.
  mutating func add(_ ids: ChunkIDs, baseLine: Int) {
    for index in ids.hashes.indices {
      let line = ids.lines[index] + baseLine
      // 0 marks an empty place.
      let key = ids.hashes[index] == 0 ? 1 : ids.hashes[index]
      if 2 * (filled + 1) > keys.count { grow() }
      let mask = keys.count - 1
      var place = Int(truncatingIfNeeded: key >> 1) & mask
      while keys[place] != 0 && keys[place] != key { place = (place + 1) & mask }
      if keys[place] == 0 {
        keys[place] = key
        firstLines[place] = line
        filled += 1
      } else {
        repeated(ids.text(index), first: firstLines[place], line: line)
      }
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
    let (oldKeys, oldLines) = (keys, firstLines)
    keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
    firstLines = [Int](repeating: 0, count: oldKeys.count * 2)
    let mask = keys.count - 1
    for (key, line) in zip(oldKeys, oldLines) where key != 0 {
      var place = Int(truncatingIfNeeded: key >> 1) & mask
      while keys[place] != 0 { place = (place + 1) & mask }
      keys[place] = key
      firstLines[place] = line
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
