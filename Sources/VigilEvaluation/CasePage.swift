/// One page of a case table (`CaseTable`): for up to 4,096 cases, each case's events counted
/// per policy and its aggregates' states for all the policies side by side, in memory of its
/// own. A class, so that adding an event changes the page in place: the table makes a page
/// unique (copies one another table shares) once, before it changes it, and an event's
/// policies then touch it without checking again. Sendable as the tables holding it are: it
/// changes only through a table that holds it alone.
final class CasePage: @unchecked Sendable {
  /// Per case, the events each policy added (`policies` counts).
  private(set) var records: UnsafeMutablePointer<Int>
  /// Per case, its `stride` states.
  private(set) var states: UnsafeMutablePointer<AggregateState>
  /// The cases the page holds, and room for how many.
  private(set) var count = 0
  private var capacity: Int
  private let policies: Int
  private let stride: Int

  /// An empty page for cases of `policies` policies and `stride` states, with room for
  /// `capacity` cases (it grows, by doubling, as cases are added).
  init(policies: Int, stride: Int, capacity: Int = 16) {
    self.policies = policies
    self.stride = stride
    self.capacity = capacity
    records = .allocate(capacity: Swift.max(1, capacity * policies))
    states = .allocate(capacity: Swift.max(1, capacity * stride))
  }

  deinit {
    records.deinitialize(count: count * policies)
    records.deallocate()
    states.deinitialize(count: count * stride)
    states.deallocate()
  }

  /// A page holding the same cases (their states copied: kept values are shared, and copied
  /// when one of the two pages changes them, as `AggregateState` does).
  func copy() -> CasePage {
    let page = CasePage(policies: policies, stride: stride, capacity: capacity)
    page.records.initialize(from: records, count: count * policies)
    page.states.initialize(from: states, count: count * stride)
    page.count = count
    return page
  }

  /// Adds a case with no events yet.
  func append() {
    if count == capacity { grow() }
    (records + count * policies).initialize(repeating: 0, count: policies)
    (states + count * stride).initialize(repeating: AggregateState(), count: stride)
    count += 1
  }

  /// Doubles the room for cases, moving them.
  private func grow() {
    capacity *= 2
    let (newRecords, newStates) = (
      UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(1, capacity * policies)),
      UnsafeMutablePointer<AggregateState>.allocate(capacity: Swift.max(1, capacity * stride))
    )
    newRecords.moveInitialize(from: records, count: count * policies)
    newStates.moveInitialize(from: states, count: count * stride)
    records.deallocate()
    states.deallocate()
    (records, states) = (newRecords, newStates)
  }
}
