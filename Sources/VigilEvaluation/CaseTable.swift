import VigilSemantics

/// The cases of one events file (`events per …`), shared by every policy over them: each
/// case's key is looked up once per event, and each policy keeps its aggregates' states for
/// all cases in one flat array (`widths[policy]` states per case).
package struct CaseTable: Sendable {
  /// Each case's number, by key; the keys by number.
  package private(set) var index: [GroupKey: Int] = [:]
  package private(set) var keys: [GroupKey] = []
  /// Per policy, the events each case added.
  private var records: [[Int]]
  /// Per policy, its aggregates' states, case after case.
  private var states: [[AggregateState]]
  /// Per policy, how many aggregates it has.
  package let widths: [Int]

  package init(widths: [Int]) {
    self.widths = widths
    records = Array(repeating: [], count: widths.count)
    states = Array(repeating: [], count: widths.count)
  }

  /// The number of the case `key`, adding it when it is new.
  package mutating func number(of key: GroupKey) -> Int {
    if let number = index[key] { return number }
    let number = keys.count
    index[key] = number
    keys.append(key)
    for policy in widths.indices {
      records[policy].append(0)
      states[policy].append(contentsOf: repeatElement(AggregateState(), count: widths[policy]))
    }
    return number
  }

  /// Adds the event in `frame` to case `number` of `policy`.
  package mutating func add(
    _ frame: Frame, policy: Int, case number: Int, _ aggregates: [CompiledAggregate]
  ) {
    records[policy][number] += 1
    let base = number * widths[policy]
    for index in aggregates.indices {
      states[policy][base + index].add(frame, aggregates[index])
    }
  }

  /// Case `number` as `policy` saw it, or nil if no event of it reached the policy.
  package func group(policy: Int, case number: Int) -> GroupState? {
    guard records[policy][number] > 0 else { return nil }
    let base = number * widths[policy]
    return GroupState(
      records: records[policy][number],
      aggregates: Array(states[policy][base..<base + widths[policy]]))
  }

  /// Adds the cases another part of the input (a later chunk) found.
  package mutating func merge(_ other: CaseTable) {
    if keys.isEmpty {
      self = other
      return
    }
    for (otherNumber, key) in other.keys.enumerated() {
      let number = number(of: key)
      for policy in widths.indices {
        records[policy][number] += other.records[policy][otherNumber]
        let (base, otherBase) = (number * widths[policy], otherNumber * widths[policy])
        for index in 0..<widths[policy] {
          states[policy][base + index].merge(other.states[policy][otherBase + index])
        }
      }
    }
  }
}

/// Where a group policy over an event log's cases keeps them: its table (one per events
/// file) and its place among the table's policies.
package struct CaseSlot: Sendable {
  package var table: Int
  package var policy: Int
}

/// The shape of an audit's tally: how many group policies, and the case tables of the
/// events files with each policy's number of aggregates.
package struct TallyShape: Sendable {
  package var groupPolicies = 0
  package var caseWidths: [[Int]] = []
  /// Per group policy, in order, its case slot (nil outside events files, and for sequence
  /// policies, which keep groups of their own).
  package var slots: [CaseSlot?] = []

  package init(_ checked: CheckedProgram) {
    var tables: [Int: Int] = [:]
    for policy in checked.policies {
      guard let group = policy.group else { continue }
      groupPolicies += 1
      guard let file = group.caseFile, group.followUp == nil else {
        slots.append(nil)
        continue
      }
      let table = tables[file] ?? caseWidths.count
      if table == caseWidths.count {
        tables[file] = table
        caseWidths.append([])
      }
      slots.append(CaseSlot(table: table, policy: caseWidths[table].count))
      caseWidths[table].append(group.aggregates.count)
    }
  }
}
