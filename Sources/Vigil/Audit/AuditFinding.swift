import Foundation
import VigilEvaluation
import VigilRecords

/// One thing a streamed audit found, as `PolicySet.findings(in:…)` hands it on.
public enum AuditFinding: Sendable {
  /// A record (or group) that broke a policy.
  case violation(Violation)
  /// A record at risk of breaking a policy with `warn at`: not a violation yet.
  case atRisk(Violation)
  /// A line (or CSV record) that was not a record.
  case rejection(Rejection)
  /// A value a policy could not read.
  case dataError(DataErrorReport)
  /// Something about the input as a whole: a field no record has, a field given twice,
  /// repeated record ids.
  case warning(DataWarning)
  /// A group too small for its policy's `at least`: neither passed nor failed.
  case notEnoughData(GroupShortfall)
  /// A pause that was not honest (`paused in … unless …`): after the record's (or case's)
  /// violation of the same policy, if any; also when the policy was not broken.
  case dishonestPause(PauseFinding)
  /// The audit is over: its counts. Always the last finding of an audit that ran to its
  /// end (none follows a cancelled one).
  case finished(AuditCounts)

  /// A finding of the driver's stream, as an embedder sees it.
  init(_ finding: Finding) {
    switch finding {
    case .violation(let found): self = found.atRisk == nil ? .violation(found) : .atRisk(found)
    case .pause(let found): self = .dishonestPause(found)
    case .event(.rejected(let found)): self = .rejection(found)
    case .event(.dataError(let found)): self = .dataError(found)
    case .event(.notEnoughData(let found)): self = .notEnoughData(found)
    case .event(.warning(let found)): self = .warning(found)
    }
  }
}

/// The findings of one audit, as an asynchronous sequence (`PolicySet.findings(in:…)`).
///
/// The audit runs on a thread of its own, ahead of its consumer by at most `capacity`
/// findings, so memory stays flat whatever the input's size. It stops, reading no more of
/// the input, when the task iterating it is cancelled or when the iteration ends early
/// (`break`); iterating it a second time yields nothing.
public struct FindingStream: AsyncSequence, Sendable {
  /// What the stream yields.
  public typealias Element = AuditFinding

  /// How many findings the audit may run ahead of its consumer.
  package static let capacity = 256

  let channel: FindingChannel
  /// Starts the audit's thread, the first time the stream is iterated.
  let start: Starter

  /// The stream's iterator.
  public struct AsyncIterator: AsyncIteratorProtocol {
    let channel: FindingChannel
    /// Stops the audit when the iteration is dropped before its end.
    let stopper: Stopper

    /// The next finding; nil at the audit's end, or once it was stopped.
    public mutating func next() async -> AuditFinding? {
      await channel.receive()
    }
  }

  /// An iterator over the findings; the first starts the audit.
  public func makeAsyncIterator() -> AsyncIterator {
    let iterator = AsyncIterator(channel: channel, stopper: Stopper(channel))
    start.once()
    return iterator
  }

  /// Runs the audit on a thread of its own, once, when the stream is first iterated (a
  /// stream never iterated starts nothing).
  final class Starter: @unchecked Sendable {
    // `started` is read and written under `lock`; `audit` runs once.
    private let lock = NSLock()
    private var started = false
    private let audit: @Sendable () -> Void

    init(_ audit: @escaping @Sendable () -> Void) { self.audit = audit }

    func once() {
      lock.lock()
      defer { lock.unlock() }
      guard !started else { return }
      started = true
      Thread(block: audit).start()
    }
  }

  /// Stops the audit when the last iterator holding it goes.
  final class Stopper: Sendable {
    let channel: FindingChannel
    init(_ channel: FindingChannel) { self.channel = channel }
    deinit { channel.stop() }
  }

  /// How far the audit got: records audited so far, and whether it is over (finished or
  /// stopped), for tests.
  package var progress: (audited: Int, isOver: Bool) { channel.progress }
}

/// A bounded hand-over of findings from the audit's thread to its asynchronous consumer.
final class FindingChannel: @unchecked Sendable {
  // Every field is read and written under `condition`'s lock.
  private let condition = NSCondition()
  private var buffer: [AuditFinding] = []
  private var head = 0
  private var waiting: CheckedContinuation<AuditFinding?, Never>?
  private var isDone = false
  private var isStopped = false
  private var audited = 0
  private var isOver = false

  /// Hands `finding` on, waiting while the consumer is `FindingStream.capacity` behind;
  /// false when the consumer stopped the audit.
  func send(_ finding: AuditFinding) -> Bool {
    condition.lock()
    while buffer.count - head >= FindingStream.capacity && !isStopped { condition.wait() }
    guard !isStopped else {
      condition.unlock()
      return false
    }
    if let consumer = waiting {
      waiting = nil
      condition.unlock()
      consumer.resume(returning: finding)
      return true
    }
    buffer.append(finding)
    condition.unlock()
    return true
  }

  /// Notes how many records the audit has audited.
  func note(audited count: Int) {
    condition.lock()
    audited = count
    condition.unlock()
  }

  /// The audit is over: the consumer gets nil after what is buffered.
  func finish() {
    condition.lock()
    isDone = true
    isOver = true
    let consumer = waiting
    waiting = nil
    condition.unlock()
    consumer?.resume(returning: nil)
  }

  /// The consumer stops the audit: the audit's thread stops at its next finding.
  func stop() {
    condition.lock()
    isStopped = true
    buffer.removeAll()
    head = 0
    let consumer = waiting
    waiting = nil
    condition.broadcast()
    condition.unlock()
    consumer?.resume(returning: nil)
  }

  /// The next finding, waiting for the audit if none is ready; nil at its end or once
  /// stopped. Cancelling the waiting task stops the audit.
  func receive() async -> AuditFinding? {
    if Task.isCancelled {
      stop()
      return nil
    }
    return await withTaskCancellationHandler {
      await withCheckedContinuation { (consumer: CheckedContinuation<AuditFinding?, Never>) in
        condition.lock()
        if head < buffer.count {
          let finding = buffer[head]
          head += 1
          if head == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            head = 0
          }
          condition.signal()
          condition.unlock()
          consumer.resume(returning: finding)
        } else if isDone || isStopped {
          condition.unlock()
          consumer.resume(returning: nil)
        } else {
          waiting = consumer
          condition.unlock()
        }
      }
    } onCancel: {
      stop()
    }
  }

  /// Records audited so far, and whether the audit is over.
  var progress: (audited: Int, isOver: Bool) {
    condition.lock()
    defer { condition.unlock() }
    return (audited, isOver)
  }

  /// The audit's thread is done (finished, or stopped by its consumer).
  func end() {
    condition.lock()
    isOver = true
    condition.unlock()
  }
}
