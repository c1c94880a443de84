import Foundation
import VigilCore

/// A released case, by a digest of its events file's table and its key: what the watch keeps
/// of a case it let go (16 bytes), so that a later event of it is told apart from a new case.
struct CaseDigest: Hashable, Comparable {
  var high: UInt64
  var low: UInt64

  /// The first 16 bytes of the SHA-256 digest of the table's number and the key's values
  /// (each tagged with its kind), the same on every run and machine.
  init(table: Int, key: [Value]) {
    var bytes: [UInt8] = []
    Self.append(UInt64(table), to: &bytes)
    for value in key { Self.append(value, to: &bytes) }
    var hash = SHA256()
    hash.update(bytes)
    let digest = hash.digest
    high = digest[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
    low = digest[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
  }

  /// The digest of a record's id (`--id`): that of the id as the key of a table no events
  /// file has.
  init(id: String) {
    self.init(table: Int.max, key: [.text(id)])
  }

  init(high: UInt64, low: UInt64) {
    self.high = high
    self.low = low
  }

  static func < (a: CaseDigest, b: CaseDigest) -> Bool { (a.high, a.low) < (b.high, b.low) }

  private static func append(_ number: UInt64, to bytes: inout [UInt8]) {
    for shift in stride(from: 56, through: 0, by: -8) {
      bytes.append(UInt8(truncatingIfNeeded: number >> UInt64(shift)))
    }
  }

  private static func append(_ text: String, to bytes: inout [UInt8]) {
    append(UInt64(text.utf8.count), to: &bytes)
    bytes += text.utf8
  }

  private static func append(_ value: Value, to bytes: inout [UInt8]) {
    switch value {
    case .null: bytes.append(0)
    case .bool(let flag): bytes += [1, flag ? 1 : 0]
    case .number(let number):
      bytes.append(2)
      append(number.bitPattern, to: &bytes)
    case .text(let text):
      bytes.append(3)
      append(text, to: &bytes)
    case .time(let instant):
      bytes.append(4)
      append(UInt64(bitPattern: instant), to: &bytes)
    case .duration(let length):
      bytes.append(5)
      append(UInt64(bitPattern: length), to: &bytes)
    case .list(let items):
      bytes.append(6)
      append(UInt64(items.count), to: &bytes)
      for item in items { append(item, to: &bytes) }
    case .record(let fields):
      bytes.append(7)
      append(UInt64(fields.count), to: &bytes)
      for name in fields.keys.sorted() {
        append(name, to: &bytes)
        // INVARIANT: the name is one of the record's keys.
        append(fields[name]!, to: &bytes)
      }
    }
  }

  /// The digests, sorted, as one base64 text (16 bytes each), for a checkpoint.
  static func encode(_ digests: Set<CaseDigest>) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digests.count * 16)
    for digest in digests.sorted() {
      append(digest.high, to: &bytes)
      append(digest.low, to: &bytes)
    }
    return Data(bytes).base64EncodedString()
  }

  /// The digests `encode` wrote; nil when the text is not such.
  static func decode(_ text: String) -> Set<CaseDigest>? {
    guard let data = Data(base64Encoded: text), data.count % 16 == 0 else { return nil }
    let bytes = [UInt8](data)
    var digests = Set<CaseDigest>(minimumCapacity: bytes.count / 16)
    for start in stride(from: 0, to: bytes.count, by: 16) {
      let high = bytes[start..<start + 8].reduce(0) { $0 << 8 | UInt64($1) }
      let low = bytes[start + 8..<start + 16].reduce(0) { $0 << 8 | UInt64($1) }
      digests.insert(CaseDigest(high: high, low: low))
    }
    return digests
  }
}

// Releasing cases: a case whose verdicts can no longer change with time (no timer pending:
// every event of it has happened, no state of it is open, nothing reads now) and that has had
// no event for `releaseAfter` of the clock is let go — its events and what was shown of it
// dropped, only its digest kept. A later event of it is not judged (its earlier events are
// gone, so its verdicts could not be the audit's): it is counted and named (`takeNotices`).
extension WatchEngine {
  /// How many cases were released.
  package var releasedCaseCount: Int { released.count }

  /// The messages about events of released cases since the last call, in order.
  package func takeNotices() -> [String] {
    defer { notices = [] }
    return notices
  }

  /// Whether the case of `table` and `key`, not kept, was released: then its event read on
  /// `line` is counted and named, not judged.
  func wasReleased(table: Int, key: [Value], line: Int) -> Bool {
    guard !released.isEmpty, released.contains(CaseDigest(table: table, key: key)) else {
      return false
    }
    eventsOfReleasedCases += 1
    let name = key.map { Operations.format($0) }.joined(separator: ", ")
    notices.append(
      "\(input):\(line): an event of case \(name), which was released (no timer pending and "
        + "no event for \(DurationFormat.format(releaseAfter ?? 0))): not judged\n")
    return true
  }

  /// The instant case `number`, judged at `instant` with no timer pending, is to be released
  /// at, if cases are released.
  func releaseInstant(after instant: Int64) -> Int64? {
    guard let releaseAfter else { return nil }
    let (sum, overflow) = instant.addingReportingOverflow(releaseAfter)
    return overflow ? .max : sum
  }

  /// Lets case `number` go, keeping its digest.
  func release(_ number: Int) {
    guard let kept = cases.removeValue(forKey: number) else { return }
    caseNumbers[CaseKey(table: kept.table, key: kept.key)] = nil
    released.insert(CaseDigest(table: kept.table, key: kept.key))
  }
}

// Releasing records (`--id`) as cases are: a record with no timer pending (no state open,
// nothing reading now) and no newer line for `releaseAfter` of the clock is let go, only its
// id's digest kept; a later line of it is counted and named, not judged by the record
// policies (judged as a new record, it could repeat findings). The sequence policies keep
// every id's latest line (`WatchEngine+Sequences`) and still take such a line.
extension WatchEngine {
  /// How many records were released.
  package var releasedRecordCount: Int { releasedIDs.count }

  /// Whether the record of `id`, not kept, was released.
  func isReleased(_ id: String?) -> Bool {
    guard let id, !releasedIDs.isEmpty else { return false }
    return releasedIDs.contains(CaseDigest(id: id))
  }

  /// Whether the record of `id`, not kept, was released: then its line `line` is counted and
  /// named, not judged.
  func wasReleased(id: String, line: Int) -> Bool {
    guard !releasedIDs.isEmpty, releasedIDs.contains(CaseDigest(id: id)) else { return false }
    linesOfReleasedRecords += 1
    let judged =
      live.sequencePolicies.isEmpty && live.aggregatePolicies.isEmpty
      ? "not judged" : "not judged by the record policies"
    notices.append(
      "\(input):\(line): a line of record \(id), which was released (no timer pending and no "
        + "newer line for \(DurationFormat.format(releaseAfter ?? 0))): \(judged)\n")
    return true
  }

  /// Fires a record's timer (the queue's first entry) if it is still the record's: judges the
  /// record, or releases it.
  func fireRecordTimer(_ entry: TimerQueue.Entry, into findings: inout [LiveFinding]) {
    _ = timers.pop()
    guard var kept = records[entry.record] else { return }
    if kept.timer == entry.instant {
      records[entry.record]?.timer = nil
      judge(entry.record, at: entry.instant, late: false, into: &findings)
    } else if kept.releaseQueued == entry.instant {
      kept.releaseQueued = nil
      if let releaseAt = kept.releaseAt, releaseAt <= entry.instant {
        releaseRecord(entry.record)
        return
      } else if let releaseAt = kept.releaseAt {
        timers.push(.init(instant: releaseAt, record: entry.record))
        kept.releaseQueued = releaseAt
      }
      records[entry.record] = kept
    }
  }

  /// Lets record `number` go, keeping its id's digest.
  func releaseRecord(_ number: Int) {
    guard let kept = records.removeValue(forKey: number), let id = kept.id else { return }
    ids[id] = nil
    releasedIDs.insert(CaseDigest(id: id))
  }
}
