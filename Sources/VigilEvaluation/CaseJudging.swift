import Dispatch
import VigilRecords

/// Judges the cases of an event log under one policy on several threads: the cases, in the
/// order reports list them, are cut into blocks; each thread judges a block with its own copy
/// of the program (`Program` is thread-safe, but threads sharing its closures and strings
/// would fight over their reference counts), and the blocks' findings are handed on in order,
/// a round of blocks at a time, while the next round is judged — the same findings, in the
/// same order, as one thread finds.
struct CaseJudging {
  /// Cases a thread judges at a time.
  static let block = 2048

  /// The programs, one per thread (the first the calling thread's).
  let programs: [Program]
  /// The policy's index among the group policies.
  let policy: Int
  let table: CaseTable
  /// Whether the findings include each case's scope (`.judged`): only the accountability
  /// report counts them, and a thread that left them out copies and hands on far fewer.
  var keepsScope = true
  /// The renderer that writes a case's violation of a plain policy as it is found
  /// (`CaseDraft`), when the audit lists its findings.
  var renderer: (any FindingRenderer)?

  /// Judges the cases `numbers` (in order), handing the findings to `found` in that order:
  /// while the calling thread hands on a round's findings (reports write them as they come),
  /// the next round is judged on the other threads.
  func judge(
    _ numbers: [Int], now: Int64, directory: Directory?, found: (CaseFinding) -> Void
  ) {
    let results = Results(count: programs.count)
    defer { results.free() }
    var previous: [[CaseFinding]] = []
    for round in stride(from: 0, to: numbers.count, by: programs.count * Self.block) {
      let judged = DispatchGroup()
      DispatchQueue.global().async(group: judged) { [self] in
        DispatchQueue.concurrentPerform(iterations: programs.count) { thread in
          let low = Swift.min(round + thread * Self.block, numbers.count)
          let high = Swift.min(low + Self.block, numbers.count)
          results.set(
            thread,
            programs[thread].judgeCases(
              policy: policy, numbers[low..<high], of: table, now: now, directory: directory,
              keepsScope: keepsScope, renderer: renderer))
        }
      }
      for findings in previous { findings.forEach(found) }
      judged.wait()
      previous = (0..<programs.count).map { results.take($0) }
    }
    for findings in previous { findings.forEach(found) }
  }

  /// Each thread's findings of a round: a thread writes only its own place, and the calling
  /// thread reads them once every thread of the round is done.
  private final class Results: @unchecked Sendable {
    private let places: UnsafeMutableBufferPointer<[CaseFinding]>

    init(count: Int) {
      places = .allocate(capacity: count)
      places.initialize(repeating: [])
    }

    func set(_ thread: Int, _ findings: [CaseFinding]) { places[thread] = findings }

    func take(_ thread: Int) -> [CaseFinding] {
      defer { places[thread] = [] }
      return places[thread]
    }

    func free() {
      places.deinitialize()
      places.deallocate()
    }
  }
}

extension Program {
  /// The findings of cases `numbers` of `table` (in that order) under this program's group
  /// policy `index`, a policy over an event log's cases (`judgeCases(_:_:of:frame:…)`).
  func judgeCases(
    policy index: Int, _ numbers: ArraySlice<Int>, of table: CaseTable, now: Int64,
    directory: Directory?, keepsScope: Bool = true, renderer: (any FindingRenderer)? = nil
  ) -> [CaseFinding] {
    let policy = groupPolicies[index]
    let frame = Frame(
      slots: policy.keys.count + 2 * policy.aggregates.count, now: now, directory: directory)
    var found: [CaseFinding] = []
    // Room for about what a block finds, so that the findings are rarely copied to grow.
    found.reserveCapacity(keepsScope ? 2 * numbers.count : renderer == nil ? numbers.count : 16)
    judgeCases(
      policy, numbers, of: table, frame: frame, keepsScope: keepsScope, renderer: renderer
    ) { found.append($0) }
    return found
  }
}
