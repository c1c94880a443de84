import VigilCore
import VigilSemantics

/// The running state of one aggregate over one group: counts, sums, extremes, and the values
/// themselves for medians and percentiles. Sums are exact (numbers through `ExactSum`,
/// durations as integers of milliseconds), so parts merge to the same result in any order.
///
/// The counters are plain integers (a state is copied and merged often: once per group and
/// chunk of the input, and an event log keeps one per case and aggregate); what only some
/// aggregates keep — sums of numbers, values, a history — lives in `AggregateValues`,
/// allocated when first needed and copied on write.
///
/// Forty bytes: an aggregate uses only some of the counters, so they share two words, the
/// smallest and the largest value seen, whatever their kind (times and durations as
/// milliseconds, numbers in an order-keeping integer encoding, `first` and `last` as the
/// earliest and latest record's time), so that merging two states takes the least and the
/// greatest of each without knowing what they hold.
package struct AggregateState: Sendable {
  /// Records counted, condition true (share), or values seen.
  package var count = 0
  /// For a share: records where the condition was known (true or false); for durations and
  /// times: their sum in milliseconds.
  private var total: Int64 = 0
  /// The smallest and largest value seen (`Int64.max` and `Int64.min` before any).
  private var lowest = Int64.max
  private var highest = Int64.min
  /// An `AggregateValues`, or for `first` and `last` a `ChosenValue` (the kind of the
  /// aggregate tells which).
  private var kept: KeptValues?

  /// A state before any record.
  package init() {}

  /// For a share: records where the condition was known (true or false).
  package var known: Int {
    get { Int(total) }
    set { total = Int64(newValue) }
  }
  package var sumMilliseconds: Int64 {
    get { total }
    set { total = newValue }
  }
  package var low: Double {
    get { lowest == .max ? .infinity : Self.number(lowest) }
    set { lowest = Self.key(newValue) }
  }
  package var high: Double {
    get { highest == .min ? -.infinity : Self.number(highest) }
    set { highest = Self.key(newValue) }
  }
  package var lowMilliseconds: Int64 {
    get { lowest }
    set { lowest = newValue }
  }
  package var highMilliseconds: Int64 {
    get { highest }
    set { highest = newValue }
  }
  /// For `first` and `last`: the earliest or latest record's time.
  package var firstTime: Int64 {
    get { lowest }
    set { lowest = newValue }
  }
  package var lastTime: Int64 {
    get { highest }
    set { highest = newValue }
  }

  /// A number as an integer in the same order (for numbers that are not NaN): its bits,
  /// those of a negative number flipped but for the sign.
  package static func key(_ number: Double) -> Int64 {
    let bits = Int64(bitPattern: number.bitPattern)
    return bits >= 0 ? bits : bits ^ .max
  }

  /// The number `key(_:)` made `key` of.
  package static func number(_ key: Int64) -> Double {
    Double(bitPattern: UInt64(bitPattern: key >= 0 ? key : key ^ .max))
  }

  private var keptValues: AggregateValues? { kept as? AggregateValues }
  package var sum: ExactSum { keptValues?.sum ?? ExactSum() }
  package var numbers: [Double] { keptValues?.numbers ?? [] }
  package var milliseconds: [Int64] { keptValues?.milliseconds ?? [] }
  /// For `first` and `last`: the value of the earliest or latest record.
  package var chosenValue: Value { (kept as? ChosenValue)?.value ?? .null }
  package var changes: [(at: Int64, value: Value)] { keptValues?.changes ?? [] }

  /// The kept values, to change: allocated, or copied if another state shares them.
  private mutating func values() -> AggregateValues {
    if kept == nil {
      kept = AggregateValues()
    } else if !isKnownUniquelyReferenced(&kept) {
      // INVARIANT: an aggregate other than `first` and `last` keeps only these.
      kept = unsafeDowncast(kept!, to: AggregateValues.self).copy()
    }
    // INVARIANT: set just above, and of this class.
    return unsafeDowncast(kept!, to: AggregateValues.self)
  }

  /// Keeps `value` as the first or last record's.
  private mutating func choose(_ value: Value, first: Bool) {
    if kept != nil, isKnownUniquelyReferenced(&kept) {
      // INVARIANT: `first` and `last` keep only a chosen value.
      unsafeDowncast(kept!, to: ChosenValue.self).value = value
    } else {
      kept = ChosenValue(value, first: first)
    }
  }

  @inline(__always)
  package mutating func add(_ frame: Frame, _ aggregate: CompiledAggregate) {
    // The closures are called where they lie: one bound to a name is a reference count.
    if aggregate.filter != nil, aggregate.filter!(frame) != true { return }
    switch aggregate.kind {
    case .count:
      if aggregate.condition != nil, aggregate.condition!(frame) != true {
        return
      }
      count += 1
    case .cycleStart:
      // INVARIANT: the checker gives a cycle's start its begin and end conditions and order.
      guard case .time(let at) = aggregate.order!(frame), at <= frame.now else { return }
      let begins = aggregate.condition!(frame) == true
      let ends = aggregate.until!(frame) == true
      guard begins || ends else { return }
      count += 1
      // A record that ends cycles never begins one.
      values().changes.append((at, .number(ends ? Self.endsCycle : 1)))
    case .cycleEnd:
      return
    case .first, .last, .history:
      // INVARIANT: all have an argument and an order (else the checker reported an error).
      guard case .time(let at) = aggregate.order!(frame) else { return }
      let value = aggregate.argument!(frame)
      count += 1
      switch aggregate.kind {
      case .history:
        guard let unless = aggregate.unless else {
          values().changes.append((at, value))
          break
        }
        // The change carries whether the record (event) contradicts a pause.
        let contradicts = unless(frame) == true
        values().changes.append(
          (
            at,
            .record([
              aggregate.field: value, CheckedAggregate.contradictsKey: .bool(contradicts),
            ])
          ))
      // Of records at the same time, the earlier one in the input is first, the later last.
      case .first where at < firstTime:
        firstTime = at
        choose(value, first: true)
      case .last where at >= lastTime:
        lastTime = at
        choose(value, first: false)
      default: break
      }
    case .share:
      // INVARIANT: a share has a condition.
      guard let truth = aggregate.condition!(frame) else { return }
      known += 1
      if truth { count += 1 }
    default:
      // INVARIANT: value aggregates have an argument.
      let value = aggregate.argument!(frame)
      // Matched, not compared: `==` on the other module's enum is a generic call per record.
      if case .number = aggregate.measure {
        guard let number = AggregateState.number(value, aggregate.label, frame) else { return }
        add(number, keeping: aggregate.kind)
      } else {
        switch value {
        case .duration(let ms), .time(let ms): add(ms, keeping: aggregate.kind)
        case .null: return
        default:
          frame.fail(
            aggregate.label, value,
            "expected \(aggregate.measure == .time ? "a time" : "a duration"), found \(Operations.describe(value))"
          )
        }
      }
    }
  }

  private mutating func add(_ number: Double, keeping kind: AggregateKind) {
    count += 1
    let kept = values()
    kept.sum.add(number)
    let key = Self.key(number)
    lowest = Swift.min(lowest, key)
    highest = Swift.max(highest, key)
    if kind.keepsValues { kept.numbers.append(number) }
  }

  private mutating func add(_ ms: Int64, keeping kind: AggregateKind) {
    count += 1
    total &+= ms
    lowest = Swift.min(lowest, ms)
    highest = Swift.max(highest, ms)
    if kind.keepsValues { values().milliseconds.append(ms) }
  }

  /// A value read as a number: numbers as they are, texts (CSV cells) when they hold one.
  private static func number(_ value: Value, _ label: String, _ frame: Frame) -> Double? {
    switch value {
    case .number(let number): return number
    case .null: return nil
    case .text(let text):
      if text.isEmpty { return nil }
      if let number = NumberText.number(text), number.isFinite { return number }
    default: break
    }
    frame.fail(label, value, "expected a number, found \(Operations.describe(value))")
    return nil
  }

  package mutating func merge(_ other: AggregateState) {
    count += other.count
    total &+= other.total
    let takesFirst = other.count > 0 && other.firstTime < firstTime
    let takesLast = other.count > 0 && other.lastTime >= lastTime
    lowest = Swift.min(lowest, other.lowest)
    highest = Swift.max(highest, other.highest)
    guard let other = other.kept else { return }
    guard kept != nil else {
      kept = other
      return
    }
    if let chosen = other as? ChosenValue {
      if chosen.first ? takesFirst : takesLast { kept = chosen }
      return
    }
    let kept = values()
    // INVARIANT: both states are of one aggregate, which is not `first` or `last`.
    let theirs = unsafeDowncast(other, to: AggregateValues.self)
    kept.sum.add(theirs.sum)
    kept.numbers += theirs.numbers
    kept.milliseconds += theirs.milliseconds
    kept.changes += theirs.changes
  }

  /// The aggregate's value for the group; missing when there was nothing to aggregate.
  package func value(_ kind: AggregateKind, _ measure: Measure, field: String = "") -> Value {
    switch kind {
    case .first, .last: return count == 0 ? .null : chosenValue
    case .history:
      // In time order; changes at the same time in input order.
      let ordered = changes.enumerated().sorted {
        ($0.element.at, $0.offset) < ($1.element.at, $1.offset)
      }
      return .list(
        ordered.map { change in
          // A change of `history(F) unless Q` holds F and whether Q held (`add`).
          if case .record(var fields) = change.element.value,
            fields[CheckedAggregate.contradictsKey] != nil
          {
            fields["at"] = .time(change.element.at)
            return .record(fields)
          }
          return .record(["at": .time(change.element.at), field: change.element.value])
        })
    case .count: return .number(Double(count))
    case .share: return known == 0 ? .null : .number(Double(count) / Double(known))
    case .sum:
      if case .number = measure { return .number(sum.value) }
      return .duration(sumMilliseconds)
    default:
      guard count > 0 else { return .null }
    }
    if case .number = measure {
      switch kind {
      case .average: return .number(sum.value / Double(count))
      case .minimum: return .number(low)
      case .maximum: return .number(high)
      case .median: return .number(AggregateState.median(numbers.sorted()))
      case .percentile(let rank):
        return .number(AggregateState.nearestRank(numbers.sorted(), rank))
      default: return .null
      }
    }
    let ms: Int64
    switch kind {
    case .average: ms = CivilTime.floorDiv(sumMilliseconds, Int64(count))
    case .minimum: ms = lowMilliseconds
    case .maximum: ms = highMilliseconds
    case .median:
      let sorted = milliseconds.sorted()
      let upper = sorted[sorted.count / 2]
      let lower = sorted[(sorted.count - 1) / 2]
      ms = lower + (upper - lower) / 2
    case .percentile(let rank): ms = AggregateState.nearestRank(milliseconds.sorted(), rank)
    default: return .null
    }
    if case .time = measure { return .time(ms) }
    return .duration(ms)
  }

  private static func median(_ sorted: [Double]) -> Double {
    (sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
  }

  /// The smallest value with at least `rank` percent of the values at or below it.
  private static func nearestRank<T>(_ sorted: [T], _ rank: Int) -> T {
    let position = (rank * sorted.count + 99) / 100
    return sorted[Swift.max(position, 1) - 1]
  }
}

extension AggregateKind {
  /// Whether the aggregate needs every value (medians and percentiles).
  package var keepsValues: Bool {
    switch self {
    case .median, .percentile: return true
    default: return false
    }
  }
}

/// What a state keeps beyond its counters, allocated when first needed: `AggregateValues`,
/// or `ChosenValue` for `first` and `last`. Shared between copies of a state until one of
/// them changes (the state copies it first).
package class KeptValues: @unchecked Sendable {
  // Changed only through a state that holds the only reference (copy on write): no dynamic
  // exclusivity checks on the subclasses' properties.
}

/// What only some aggregates keep: the exact sum of numbers, every value (medians and
/// percentiles), a history.
package final class AggregateValues: KeptValues, @unchecked Sendable {
  @exclusivity(unchecked) package var sum = ExactSum()
  @exclusivity(unchecked) package var numbers: [Double] = []
  @exclusivity(unchecked) package var milliseconds: [Int64] = []
  @exclusivity(unchecked) package var changes: [(at: Int64, value: Value)] = []

  package func copy() -> AggregateValues {
    let copy = AggregateValues()
    copy.sum = sum
    copy.numbers = numbers
    copy.milliseconds = milliseconds
    copy.changes = changes
    return copy
  }
}

/// What `first` and `last` keep: the value of the earliest or latest record, and which of
/// the two it is (a merge takes the other part's when its record is earlier, or later). A
/// third of `AggregateValues`: an event log keeps one per case for each field its policies
/// read the latest value of.
package final class ChosenValue: KeptValues, @unchecked Sendable {
  @exclusivity(unchecked) package var value: Value
  package let first: Bool

  package init(_ value: Value, first: Bool) {
    self.value = value
    self.first = first
  }
}

// The watch keeps groups' states in its checkpoints, and takes a record's part out of them
// when a newer line of it comes (`VigilLive`'s groups).
extension AggregateState: Codable {
  private enum CodingKeys: String, CodingKey {
    case count, total, lowest, highest, sum, numbers, milliseconds, at, values, chosen, first
  }

  package init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    count = try container.decode(Int.self, forKey: .count)
    total = try container.decode(Int64.self, forKey: .total)
    lowest = try container.decode(Int64.self, forKey: .lowest)
    highest = try container.decode(Int64.self, forKey: .highest)
    if let chosen = try container.decodeIfPresent(Value.self, forKey: .chosen) {
      kept = ChosenValue(chosen, first: try container.decode(Bool.self, forKey: .first))
    } else if let sum = try container.decodeIfPresent(ExactSum.self, forKey: .sum) {
      let values = AggregateValues()
      values.sum = sum
      values.numbers = try container.decode([Double].self, forKey: .numbers)
      values.milliseconds = try container.decode([Int64].self, forKey: .milliseconds)
      let instants = try container.decode([Int64].self, forKey: .at)
      let changed = try container.decode([Value].self, forKey: .values)
      values.changes = zip(instants, changed).map { ($0, $1) }
      kept = values
    }
  }

  package func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(count, forKey: .count)
    try container.encode(total, forKey: .total)
    try container.encode(lowest, forKey: .lowest)
    try container.encode(highest, forKey: .highest)
    if let chosen = kept as? ChosenValue {
      try container.encode(chosen.value, forKey: .chosen)
      try container.encode(chosen.first, forKey: .first)
    } else if let values = keptValues {
      try container.encode(values.sum, forKey: .sum)
      try container.encode(values.numbers, forKey: .numbers)
      try container.encode(values.milliseconds, forKey: .milliseconds)
      try container.encode(values.changes.map(\.at), forKey: .at)
      try container.encode(values.changes.map(\.value), forKey: .values)
    }
  }

  /// Whether a record's part of an aggregate of `kind` can be taken out of a group's state
  /// (`subtract`): counts, shares, sums and averages; extremes, medians, percentiles, the
  /// first and last, histories and cycles cannot (the group is added up again).
  package static func isSubtractable(_ kind: AggregateKind) -> Bool {
    switch kind {
    case .count, .share, .sum, .average: return true
    default: return false
    }
  }

  /// Takes `other` (one record's part, added to this state before) out of it, for an
  /// aggregate `isSubtractable` says can be.
  package mutating func subtract(_ other: AggregateState) {
    count -= other.count
    total &-= other.total
    if let theirs = other.keptValues { values().sum.subtract(theirs.sum) }
  }
}

extension AggregateState {
  /// What this state holds, for a digest of it (the watch's records released: is a later line
  /// of one the same part?), appended with no text made: `words` its counts and bounds, then
  /// what it keeps (a tag: 0 nothing, 1 a chosen value, 2 values), each list led by its
  /// length; `values` the chosen value, or the changes' values. Two states holding the same
  /// append the same.
  package func appendDigest(words: inout [Int64], values: inout [Value]) {
    words += [Int64(count), total, lowest, highest]
    if let chosen = kept as? ChosenValue {
      words += [1, chosen.first ? 1 : 0]
      values.append(chosen.value)
    } else if let kept = keptValues {
      let sum = kept.sum.digestWords
      words += [2, Int64(sum.count)] + sum
      words.append(Int64(kept.numbers.count))
      for number in kept.numbers { words.append(Int64(bitPattern: number.bitPattern)) }
      words.append(Int64(kept.milliseconds.count))
      words += kept.milliseconds
      words.append(Int64(kept.changes.count))
      for change in kept.changes {
        words.append(change.at)
        values.append(change.value)
      }
    } else {
      words.append(0)
    }
  }

  /// This state (a `cycleStart` aggregate's) with only the changes stamped at instants
  /// `keep` is true of, in their order, and counted so: the watch judges a group's later
  /// cycles over the changes that make them (`VigilLive`'s cycles judged again).
  package func keepingChanges(_ keep: (Int64) -> Bool) -> AggregateState {
    guard let values = keptValues else { return self }
    let kept = values.changes.filter { keep($0.at) }
    guard kept.count < values.changes.count else { return self }
    var state = self
    let copy = values.copy()
    copy.changes = kept
    state.kept = copy
    state.count -= values.changes.count - kept.count
    return state
  }
}
