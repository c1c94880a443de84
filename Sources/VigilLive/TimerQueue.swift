/// The instants at which records are to be judged again: a binary min-heap of (instant,
/// record number), earliest first, ties by record number, so that timers fire in the same
/// order on every run. A record re-scheduled leaves its old entry behind; the owner skips an
/// entry that is no longer the record's timer (`WatchEngine`).
struct TimerQueue: Codable, Equatable {
  struct Entry: Codable, Equatable, Comparable {
    var instant: Int64
    var record: Int

    static func < (a: Entry, b: Entry) -> Bool {
      (a.instant, a.record) < (b.instant, b.record)
    }
  }

  private(set) var entries: [Entry] = []

  var isEmpty: Bool { entries.isEmpty }
  var count: Int { entries.count }

  /// The earliest entry.
  var first: Entry? { entries.first }

  mutating func push(_ entry: Entry) {
    entries.append(entry)
    var child = entries.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard entries[child] < entries[parent] else { break }
      entries.swapAt(child, parent)
      child = parent
    }
  }

  /// Removes and returns the earliest entry.
  mutating func pop() -> Entry? {
    guard !entries.isEmpty else { return nil }
    entries.swapAt(0, entries.count - 1)
    let earliest = entries.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var smallest = parent
      if left < entries.count && entries[left] < entries[smallest] { smallest = left }
      if right < entries.count && entries[right] < entries[smallest] { smallest = right }
      guard smallest != parent else { break }
      entries.swapAt(parent, smallest)
      parent = smallest
    }
    return earliest
  }
}
