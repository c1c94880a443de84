import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `--exec` with `--state STATE`: the journal of deliveries, `STATE.delivered`. A checkpoint
/// keeps the findings not yet delivered when it was written, and how many the run had
/// delivered by then; the command goes on delivering until the next one. So that a restart
/// after a crash does not deliver again what the command took after the last checkpoint,
/// each delivery the command took is appended to the journal and synced before the next
/// one starts: a line with the run's id and how many findings it delivered so far. A restart
/// skips the checkpoint's first findings the journal says its run delivered after it, and goes
/// on counting in that run (so that a second crash before its first checkpoint still knows
/// what the first one delivered). Only a
/// delivery under way when the watch is killed — the command ran, or exited 0, before its line
/// was synced — is delivered again. Each checkpoint empties the journal (its run's latest
/// line written again): it only ever holds what came after the last one.
package final class DeliveryJournal: @unchecked Sendable {
  /// The run's id: a random number when the watch starts afresh, kept by a restart (which
  /// goes on counting from where the run it goes on from was: `base`).
  package let run: String
  package let base: Int
  private let path: String
  private let descriptor: Int32

  /// The journal beside the state file `statePath`, for run `run`, its counts after `base`:
  /// opened to append (what an earlier run wrote stays until the first checkpoint of this
  /// one).
  package init(statePath: String, run: String, base: Int) throws {
    path = Self.path(statePath)
    self.run = run
    self.base = base
    descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw CheckpointError(path: path, errno: errno) }
  }

  deinit { close(descriptor) }

  /// The journal's path beside the state file `statePath`.
  package static func path(_ statePath: String) -> String { statePath + ".delivered" }

  /// A new run's id.
  package static func newRun() -> String {
    String(UInt64.random(in: 1...UInt64.max), radix: 16)
  }

  /// Records that the run has delivered `count` findings since `base`, synced. Errors are
  /// left unsaid: a journal that cannot be written only makes a restart deliver again, as
  /// without one.
  package func record(_ count: Int) {
    let bytes = Array("\(run) \(base + count)\n".utf8)
    _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    _ = fsync(descriptor)
  }

  /// After a checkpoint: the journal emptied, but for the run's latest count.
  package func restart(_ count: Int) {
    _ = ftruncate(descriptor, 0)
    record(count)
  }

  /// How many findings run `run` had delivered by its latest line in the journal beside
  /// `statePath`; nil when it has none there.
  package static func delivered(statePath: String, run: String) -> Int? {
    guard let text = try? String(contentsOfFile: path(statePath), encoding: .utf8) else {
      return nil
    }
    var latest: Int?
    var lines = text.split(separator: "\n")
    // A line cut short by a crash (no newline yet) is left out: the ones before stand.
    if !text.hasSuffix("\n") { lines = lines.dropLast() }
    for line in lines {
      let parts = line.split(separator: " ")
      guard parts.count == 2, parts[0] == run, let count = Int(parts[1]) else { continue }
      latest = max(latest ?? count, count)
    }
    return latest
  }
}
