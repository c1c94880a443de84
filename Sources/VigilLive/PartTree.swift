import VigilEvaluation
import VigilSemantics

/// The parts of one group of a moving policy whose aggregates cannot all be subtracted
/// (extremes, medians, percentiles, `first`/`last`, histories, cycles), kept so that a part set,
/// added or taken out does not add the group up again from every record: the parts in input
/// order (by line), each slot a leaf of a segment tree whose inner nodes hold the merge of
/// their leaves, so that a change merges again only the nodes above its leaf (log n merges)
/// and the root is the group as the audit adds it up (a merge in input order is the audit's
/// order: the earlier of two records at the same time is first, the later last).
///
/// Aggregates that keep every value (medians, percentiles, histories, a cycle's changes) keep
/// no inner nodes — each level would hold every value again —: the group is merged again
/// from its leaves when it changed, a merge of parts already read (no record read again).
struct PartTree {
  /// Whether the parts must stay in input order (`first`, `last`, histories, cycles: of two
  /// changes at one instant the earlier line's counts first): a part whose line is before
  /// the last one's is then put in its place, the tree made again.
  let ordered: Bool
  /// Whether inner nodes are kept (no aggregate keeps every value).
  let inner: Bool
  let aggregates: Int
  /// Per slot, the line of its part (ascending when `ordered`), and the part (nil: taken out).
  private var lines: [Int] = []
  private var leaves: [GroupState?] = []
  private var slots: [Int: Int] = [:]
  /// Node `n` (1 the root) of a tree over `capacity` leaves: its children `2n` and `2n + 1`,
  /// those from `capacity` on the leaves; nil when empty.
  private var nodes: [GroupState?] = []
  private var capacity = 0
  /// The group merged from its leaves, when not kept in inner nodes; nil when to be made.
  private var merged: GroupState?
  /// How many times the tree was made again from its leaves (parts out of order, or slots
  /// taken out piling up).
  private(set) var rebuilds = 0

  /// A tree for a policy whose aggregates are `kinds`.
  init(kinds: [AggregateKind]) {
    aggregates = kinds.count
    ordered = kinds.contains { [.first, .last, .history, .cycleStart].contains($0) }
    inner = !kinds.contains { $0.keepsValues || [.history, .cycleStart].contains($0) }
  }

  /// Whether an aggregate of `kind` adds up to the same whatever the order of its records
  /// (not `first`, `last`, histories or cycles): its records released can be folded into one
  /// part.
  static func addsUpInAnyOrder(_ kind: AggregateKind) -> Bool {
    switch kind {
    case .count, .share, .sum, .average, .minimum, .maximum, .median, .percentile: return true
    case .first, .last, .history, .cycleStart, .cycleEnd: return false
    }
  }

  /// Whether the records released of an aggregate of `kind` can be folded into parts of
  /// their own: in any order, or (`first`, `last`) as runs in line order (`SettledRun`).
  static func releasable(_ kind: AggregateKind) -> Bool {
    addsUpInAnyOrder(kind) || kind == .first || kind == .last
  }

  /// The part of the record on `line`, if it holds one.
  func part(_ line: Int) -> GroupState? { slots[line].flatMap { leaves[$0] } }

  /// How many parts it holds.
  var count: Int { slots.count }
  var isEmpty: Bool { slots.isEmpty }

  /// The group its parts add up to, in input order; nil when it holds none.
  mutating func root() -> GroupState? {
    guard !slots.isEmpty else { return nil }
    if inner { return capacity == 0 ? nil : node(1) }
    if merged == nil {
      var state = GroupState(aggregates: aggregates)
      for leaf in leaves { if let leaf { state.merge(leaf) } }
      merged = state
    }
    return merged
  }

  /// Sets the part of the record on `line` (added, or replacing its part).
  mutating func set(_ line: Int, _ part: GroupState) {
    if let slot = slots[line] {
      // A part that adds only a record in place of another: the group merged stays but for
      // its count.
      if let old = leaves[slot], Self.countsOnly(old), Self.countsOnly(part) {
        merged?.records += part.records - old.records
      } else {
        merged = nil
      }
      leaves[slot] = part
      update(slot)
      return
    }
    if ordered, let last = lines.last, line < last {
      // Put in its place: the tree made again with it.
      if Self.countsOnly(part) { merged?.records += part.records } else { merged = nil }
      let at = Self.insertion(of: line, in: lines)
      lines.insert(line, at: at)
      leaves.insert(part, at: at)
      rebuild()
      return
    }
    // After every part: merged after the group as it was (a merge in input order).
    merged?.merge(part)
    slots[line] = lines.count
    lines.append(line)
    leaves.append(part)
    if inner && lines.count > capacity {
      rebuild()
    } else {
      update(lines.count - 1)
    }
  }

  /// Takes out the part of the record on `line`, if it holds one.
  mutating func remove(_ line: Int) {
    guard let slot = slots.removeValue(forKey: line) else { return }
    if let old = leaves[slot], Self.countsOnly(old) {
      merged?.records -= old.records
    } else {
      merged = nil
    }
    leaves[slot] = nil
    // Slots taken out are dropped once they are most of them.
    if lines.count > 8 && slots.count * 2 < lines.count {
      rebuild()
    } else {
      update(slot)
    }
  }

  /// Merges again the inner nodes above leaf `slot`.
  private mutating func update(_ slot: Int) {
    guard inner else { return }
    var at = capacity + slot
    nodes[at] = leaves[slot]
    at /= 2
    while at >= 1 {
      nodes[at] = Self.merge(nodes[2 * at], nodes[2 * at + 1])
      at /= 2
    }
  }

  private func node(_ at: Int) -> GroupState? { nodes[at] }

  /// Makes the slots again from the parts held (in their order), and the inner nodes.
  private mutating func rebuild() {
    rebuilds += 1
    var keptLines: [Int] = []
    var keptLeaves: [GroupState?] = []
    for (line, leaf) in zip(lines, leaves) where leaf != nil {
      keptLines.append(line)
      keptLeaves.append(leaf)
    }
    (lines, leaves) = (keptLines, keptLeaves)
    slots = Dictionary(uniqueKeysWithValues: lines.enumerated().map { ($1, $0) })
    guard inner else { return }
    capacity = 1
    while capacity < lines.count { capacity *= 2 }
    nodes = Array(repeating: nil, count: 2 * capacity)
    for (slot, leaf) in leaves.enumerated() { nodes[capacity + slot] = leaf }
    for at in stride(from: capacity - 1, through: 1, by: -1) {
      nodes[at] = Self.merge(nodes[2 * at], nodes[2 * at + 1])
    }
  }

  /// Whether `part` adds to its group only its records' count (nothing to any aggregate: a
  /// record whose change has not counted yet, or that begins or ends no cycle), so that
  /// setting or taking it out changes the group merged only in that count.
  private static func countsOnly(_ part: GroupState) -> Bool {
    part.followers.isEmpty && part.pending.isEmpty
      && part.aggregates.allSatisfy { $0.count == 0 && $0.sumMilliseconds == 0 }
  }

  private static func merge(_ a: GroupState?, _ b: GroupState?) -> GroupState? {
    guard var merged = a else { return b }
    guard let b else { return merged }
    merged.merge(b)
    return merged
  }

  /// Where `line` goes in `lines` (ascending).
  private static func insertion(of line: Int, in lines: [Int]) -> Int {
    var low = 0
    var high = lines.count
    while low < high {
      let middle = (low + high) / 2
      if lines[middle] < line { low = middle + 1 } else { high = middle }
    }
    return low
  }
}
