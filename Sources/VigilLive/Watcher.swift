import VigilCore
import VigilRecords

/// How `vigil watch` keeps time and reads.
package struct WatchSettings: Sendable {
  /// The event clock (the largest event time seen less `lateness`) instead of the machine's.
  package var eventClock = false
  /// How far the event clock stays behind the latest event time, in milliseconds.
  package var lateness: Int64 = 0
  /// How long to wait for more input before looking at the clock again, in milliseconds.
  package var pollMilliseconds = 200

  package init(eventClock: Bool = false, lateness: Int64 = 0) {
    self.eventClock = eventClock
    self.lateness = lateness
  }
}

/// The watch's loop: reads records as they come (`FileFollower`), hands them to the engine
/// with the clock chosen, fires the timers as the machine's clock passes them, and hands
/// every finding on, as it is found.
package final class Watcher {
  package let engine: WatchEngine
  private let decoder: RecordDecoder
  private let settings: WatchSettings
  private let wallClock: () -> Int64
  private let emit: ([LiveFinding]) -> Void
  private let notice: (String) -> Void
  /// Called after each line (a checkpoint may be due).
  package var afterLine: () -> Void = {}
  /// Called when the input has nothing more for now (what is held may go out).
  package var onIdle: () -> Void = {}
  /// A CSV record whose quoted field runs on over lines, and the line it started on.
  private var partial: (bytes: [UInt8], line: Int)?

  /// - Parameters:
  ///   - emit: takes each batch of findings, in order.
  ///   - notice: takes what standard error shows (rejected lines, a file that started again).
  package init(
    engine: WatchEngine, decoder: RecordDecoder, settings: WatchSettings,
    wallClock: @escaping () -> Int64, emit: @escaping ([LiveFinding]) -> Void,
    notice: @escaping (String) -> Void
  ) {
    self.engine = engine
    self.decoder = decoder
    self.settings = settings
    self.wallClock = wallClock
    self.emit = emit
    self.notice = notice
  }

  /// Watches `source` until it ends.
  package func run(_ source: FileFollower) {
    while true {
      tick()
      switch source.next(wait: wait()) {
      case .line(let bytes, let number):
        take(bytes, line: number)
        afterLine()
      case .restarted(let message):
        notice("vigil watch: \(message)\n")
        decoder.restart()
        partial = nil
      case .idle: onIdle()
      case .end: return
      }
    }
  }

  /// Whether no CSV record is half read (a checkpoint is taken only then).
  package var isBetweenRecords: Bool { partial == nil }

  /// How long to wait for input: until the next timer is due on the machine's clock.
  private func wait() -> Int {
    guard !settings.eventClock, let next = engine.nextTimer else {
      return settings.pollMilliseconds
    }
    let left = next - wallClock()
    return left <= 0 ? 0 : Int(min(left, Int64(settings.pollMilliseconds)))
  }

  /// On the machine's clock: fires the timers it has passed.
  private func tick() {
    guard !settings.eventClock else { return }
    let findings = engine.advance(to: wallClock())
    if !findings.isEmpty { emit(findings) }
  }

  /// Takes one line of the input.
  package func take(_ bytes: [UInt8], line: Int) {
    var record = bytes
    var start = line
    if let partial {
      record = partial.bytes + [10] + bytes
      start = partial.line
      self.partial = nil
    }
    guard decoder.isWhole(record) else {
      partial = (record, start)
      return
    }
    switch decoder.decode(record) {
    case .nothing: return
    case .rejected(let reason):
      notice("\(engine.input):\(start): rejected: \(reason)\n")
    case .record(let values):
      tick()
      let findings =
        settings.eventClock
        ? engine.applyEvent(values, line: start, lateness: settings.lateness)
        : engine.apply(values, line: start)
      if !findings.isEmpty { emit(findings) }
      for message in engine.takeNotices() { notice(message) }
    }
  }
}
