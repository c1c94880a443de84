import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What `--state FILE` keeps, so that a watch stopped (even by `kill -9`) goes on where it
/// was, losing no finding and writing none twice: where the input was read to, the engine
/// (records, what was shown of them, timers, the clock), and the findings about to be
/// written (written to the file before they are written out, with the size standard output
/// had then and an id the journal of what went out names, `OutputJournal`, so that a restart
/// writes exactly the part of them that did not get out).
package struct WatchCheckpoint: Codable, Equatable {
  /// The policy set's SHA-256 digest: other policies cannot go on from this state.
  package var policyDigest: String
  /// Where the lines read so far end in the input, and the last line's number.
  package var offset: Int64
  package var line: Int
  /// For CSV, the header line.
  package var header: [UInt8]?
  package var engine: WatchEngine.Snapshot
  /// The findings being written, as written (in base64: as an array of numbers, a large
  /// outbox took more than thirty times its size to encode).
  @Base64Bytes package var outbox: [UInt8]
  /// The size of standard output (a regular file) before the outbox was written to it; nil
  /// when it is not a regular file (then the journal of what went out tells a restart how
  /// much of the outbox did: `OutputJournal`).
  package var outputSize: Int64?
  /// The outbox's id, which the journal of what went out names (nil when it is empty).
  package var outboxID: String?
  /// With `--exec`: the findings (JSON lines) not yet delivered to the command, in order;
  /// a restart delivers them before any new one.
  package var pending: [String]?
  /// With `--exec`: the id of the run that wrote it and how many findings that run had
  /// delivered then; its journal (`DeliveryJournal`) tells how many more it delivered after.
  package var run: String?
  package var delivered: Int?
  /// The file the offset is in (its device, inode and first bytes' digest), to notice on a
  /// restart that another file took its name.
  package var file: FileIdentity?

  package init(
    policyDigest: String, offset: Int64, line: Int, header: [UInt8]?,
    engine: WatchEngine.Snapshot, outbox: [UInt8], outputSize: Int64?,
    pending: [String]? = nil, file: FileIdentity? = nil, run: String? = nil,
    delivered: Int? = nil, outboxID: String? = nil
  ) {
    self.outboxID = outboxID
    self.file = file
    self.run = run
    self.delivered = delivered
    self.policyDigest = policyDigest
    self.offset = offset
    self.line = line
    self.header = header
    self.engine = engine
    self.outbox = outbox
    self.outputSize = outputSize
    self.pending = pending
  }

  /// The checkpoint in the file at `path`, nil when there is none.
  package static func load(_ path: String) throws -> WatchCheckpoint? {
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try JSONDecoder().decode(WatchCheckpoint.self, from: data)
  }

  /// Writes the checkpoint to `path` atomically: to a file beside it, synced, then renamed
  /// over it. The engine's records and cases — most of a large state — are encoded and
  /// written one at a time (`StreamedJSON`), so that no more than one of them and a buffer
  /// is held encoded at once; so are the sequence and group policies' groups, their parts and
  /// what each id is to them, and the records of the group policies whose parts move with the
  /// clock (`StreamedCheckpointValue`), and the findings held are written as base64 a part at
  /// a time; the rest is encoded whole.
  package func save(_ path: String) throws {
    let temporary = path + ".tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { throw CheckpointError(path: temporary, errno: errno) }
    defer { close(descriptor) }
    var out = StreamedJSON(descriptor: descriptor, path: temporary)
    var rest = self
    let records = rest.engine.records ?? []
    let cases = rest.engine.cases ?? []
    let (groups, sequences) = (rest.engine.groups, rest.engine.sequences)
    let moving = rest.engine.moving
    (rest.engine.records, rest.engine.cases) = (nil, nil)
    (rest.engine.groups, rest.engine.sequences, rest.engine.moving) = (nil, nil, nil)
    rest.outbox = []
    let encoder = JSONEncoder()
    let head = [UInt8](try encoder.encode(rest))
    // The engine's object, `"engine":{`, and the findings held, `"outbox":""`, are the only
    // places those keys are: a string value holds its quotes escaped. The records and cases go
    // first in the engine, then its other members; the findings between the outbox's quotes.
    let engine = Array(#""engine":{"#.utf8)
    let outbox = Array(#""outbox":"""#.utf8)
    // INVARIANT: the checkpoint's JSON holds its engine, an object with members, and its outbox.
    let atEngine = Self.find(engine, in: head)! + engine.count
    let atOutbox = Self.find(outbox, in: head)! + outbox.count - 1
    var written = 0
    for at in [atEngine, atOutbox].sorted() {
      try out.append(head[written..<at])
      written = at
      if at == atOutbox {
        try writeOutbox(to: &out)
        continue
      }
      try out.append(#""records":"#.utf8)
      try out.array(records, encoder)
      try out.append(#","cases":"#.utf8)
      try out.array(cases, encoder)
      try out.append(",".utf8)
      // The policies' groups, and the records of those whose parts move with the clock,
      // element by element (not together with the rest).
      for (name, value) in [
        ("groups", groups), ("sequences", sequences), ("moving", moving),
      ] as [(String, StreamedCheckpointValue?)] {
        guard let value else { continue }
        try out.member(name, first: true)
        try value.write(to: &out, encoder)
        try out.append(",".utf8)
      }
    }
    try out.append(head[written...])
    try out.flush()
    guard fsync(descriptor) == 0, rename(temporary, path) == 0 else {
      throw CheckpointError(path: path, errno: errno)
    }
  }

  /// Writes the findings held as base64, a part at a time (a whole number of base64's 3-byte
  /// groups each, so that the parts' texts put together are the whole's).
  private func writeOutbox(to out: inout StreamedJSON) throws {
    let part = 3 << 16
    var start = 0
    while start < outbox.count {
      let end = min(start + part, outbox.count)
      try out.append(Data(outbox[start..<end]).base64EncodedData())
      start = end
    }
  }

  /// The first place `pattern` is in `bytes`.
  private static func find(_ pattern: [UInt8], in bytes: [UInt8]) -> Int? {
    guard bytes.count >= pattern.count else { return nil }
    for start in 0...(bytes.count - pattern.count)
    where bytes[start] == pattern[0] && bytes[start..<start + pattern.count].elementsEqual(pattern)
    {
      return start
    }
    return nil
  }

  /// The size of the regular file open on `descriptor`, nil for anything else.
  package static func regularFileSize(_ descriptor: Int32) -> Int64? {
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    return Int64(status.st_size)
  }
}

/// Bytes written to a checkpoint as one base64 text.
@propertyWrapper
package struct Base64Bytes: Codable, Equatable {
  package var wrappedValue: [UInt8]

  package init(wrappedValue: [UInt8]) { self.wrappedValue = wrappedValue }

  package init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    // A state written before the findings held were base64 holds an array of numbers.
    if let bytes = try? container.decode([UInt8].self) {
      wrappedValue = bytes
    } else {
      wrappedValue = [UInt8](try container.decode(Data.self))
    }
  }

  package func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(Data(wrappedValue))
  }
}

/// A state file that could not be written.
package struct CheckpointError: Error, CustomStringConvertible {
  package var path: String
  package var errno: Int32
  package var description: String {
    "cannot write the state file '\(path)': \(String(cString: strerror(errno)))"
  }
}
