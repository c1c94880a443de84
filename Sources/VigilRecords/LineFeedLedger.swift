import Foundation

/// The line feeds of an input's chunks, for an audit whose reading thread does not count
/// them (`ChunkReader.init(input:format:size:maxLineBytes:ledger:)`): counting them there
/// read every byte of the input once more, on one thread, before the threads that audit the
/// chunks read them. Instead each chunk's count is written here once known — by the reading
/// thread for a chunk it counted, by the chunk's auditor (which meets every line as it
/// reads) at the chunk's end otherwise — and a chunk's records carry lines counted from the
/// chunk's start until a record needs its line from the input's start (one with no id is
/// named by it). Then its auditor waits here for the chunks before it, and asks the reading
/// thread to count the line feeds of the chunks it makes from then on, so that such waits
/// are few.
///
/// No wait is endless: chunks are taken for auditing in input order, so every chunk before
/// a waiting one is being audited or done, and the first of them not done waits for none.
package final class LineFeedLedger: @unchecked Sendable {
  // Every property is guarded by `condition`.
  private let condition = NSCondition()
  /// Each chunk's line feeds, by index; nil while unknown.
  private var counts: [Int?] = []
  /// The line feeds before each chunk, for every chunk whose chunks before it are known:
  /// `before[i]` is the sum of `counts[..<i]`.
  private var before = [0]
  private var countsWanted = false

  package init() {}

  /// Whether a chunk's auditor needed the line feeds before it: the reading thread counts
  /// from then on.
  package var wantsCounts: Bool {
    condition.lock()
    defer { condition.unlock() }
    return countsWanted
  }

  /// Records that chunk `index` holds `lineFeeds` line feeds.
  package func record(_ lineFeeds: Int, ofChunk index: Int) {
    condition.lock()
    defer { condition.unlock() }
    while counts.count <= index { counts.append(nil) }
    counts[index] = lineFeeds
    let known = before.count
    while before.count <= counts.count, let count = counts[before.count - 1] {
      before.append(before[before.count - 1] + count)
    }
    if before.count > known { condition.broadcast() }
  }

  /// The line feeds of the chunks before chunk `index`, waiting until they are all known;
  /// from now on the reading thread counts them as it makes chunks.
  package func lineFeeds(before index: Int) -> Int {
    condition.lock()
    defer { condition.unlock() }
    countsWanted = true
    while before.count <= index { condition.wait() }
    return before[index]
  }
}
