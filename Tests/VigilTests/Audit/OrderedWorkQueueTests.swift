import Foundation
import Testing
import VigilEvaluation

/// The queue that audits an input's chunks on several threads: its results come in the
/// order their items were produced, each item is worked on once, no more items wait than
/// allowed, and the calling thread does work of its own rather than sleep beside the workers.
@Suite("Ordered work queue")
struct OrderedWorkQueueTests {
  /// What the threads did, kept under a lock.
  final class Log: @unchecked Sendable {
    private let lock = NSLock()
    private var doneBy: [Int: String] = [:]
    private var twice: [Int] = []

    func done(_ item: Int, by thread: String) {
      lock.lock()
      defer { lock.unlock() }
      if doneBy[item] != nil { twice.append(item) }
      doneBy[item] = thread
    }

    var items: [Int: String] {
      lock.lock()
      defer { lock.unlock() }
      return doneBy
    }

    var doneTwice: [Int] {
      lock.lock()
      defer { lock.unlock() }
      return twice
    }
  }

  /// With one worker thread beside the caller, the worker's first item waits until the caller
  /// has done one of its own: the caller must help for the queue to go on.
  @Test(arguments: [2, 3])
  func theCallerHelpsAndResultsComeInOrder(workers: Int) {
    let log = Log()
    let callerDidOne = DispatchSemaphore(value: 0)
    let caller = Thread.current.description
    let madeBy = NSLock()
    var made = 0
    let queue = OrderedWorkQueue<Int, Int>(
      workers: workers, maximumInFlight: 6,
      makeWork: {
        madeBy.lock()
        made += 1
        madeBy.unlock()
        let thread = Thread.current.description
        var first = true
        return { item in
          if thread == caller {
            if first { callerDidOne.signal() }
          } else if first {
            // A queue whose caller never helps would wait here for good: ten seconds, then
            // the test fails.
            if callerDidOne.wait(timeout: .now() + .seconds(10)) == .timedOut {
              log.done(-1, by: "timed out")
            }
            callerDidOne.signal()
          }
          first = false
          log.done(item, by: thread)
          return item * item
        }
      })
    var produced = 0
    var consumed: [Int] = []
    var mostInFlight = 0
    queue.run(
      produce: {
        guard produced < 500 else { return nil }
        produced += 1
        mostInFlight = Swift.max(mostInFlight, produced - consumed.count)
        return produced - 1
      },
      consume: { result in
        consumed.append(result)
        return true
      })
    #expect(consumed == (0..<500).map { $0 * $0 })
    #expect(log.items[-1] == nil, "the worker waited for the caller in vain")
    #expect(log.items.count == 500)
    #expect(log.doneTwice.isEmpty)
    #expect(log.items.values.contains(caller))
    #expect(Set(log.items.values).count <= workers)
    #expect(made <= workers)
    #expect(mostInFlight <= 6)
  }

  /// A consumer that stops takes no result after it, and the queue returns.
  @Test func aConsumerThatStopsEndsTheRun() {
    let queue = OrderedWorkQueue<Int, Int>(
      workers: 2, maximumInFlight: 4, makeWork: { { $0 + 1 } })
    var next = 0
    var consumed: [Int] = []
    queue.run(
      produce: {
        next += 1
        return next - 1
      },
      consume: { result in
        consumed.append(result)
        return result < 10
      })
    #expect(consumed == Array(1...10))
  }
}
