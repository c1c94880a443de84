import VigilCore
import VigilSyntax

/// Who held a case while the state a policy measures ran (`accountable: Resource at breach`):
/// its stretches, each with its holder and the time it counted, and the stretch whose
/// holder broke the promise.
package struct HolderSplit: Sendable, Hashable, Codable {
  /// Which holder the policy names.
  package var choice: HolderChoice
  /// The holders' field, as written (`Resource`).
  package var field: String
  /// The stretches, in time order: each a run of the state's interval with one holder.
  package var stretches: [HeldStretch]
  /// The stretch that counted the millisecond that broke the rule; nil when it did not
  /// break (an at-risk case).
  package var breach: Int?
  /// The budget: the rule's threshold, in milliseconds.
  package var threshold: Int64

  /// Each holder (nil: no holder yet) with the time they held, in the order they first held.
  package var holders: [(holder: String?, held: Int64)] {
    var found: [(holder: String?, held: Int64)] = []
    for stretch in stretches {
      if let index = found.firstIndex(where: { $0.holder == stretch.holder }) {
        found[index].held += stretch.counted
      } else {
        found.append((stretch.holder, stretch.counted))
      }
    }
    return found
  }

  /// The whole time counted.
  package var total: Int64 { stretches.reduce(0) { $0 + $1.counted } }

  /// The party the policy names: the holder at the breach (of a case that did not break
  /// it, the holder at the state's end, or now while open), or the one who held longest
  /// (for `held longest` and `by share`; of equal times, the one who held first).
  package var party: String? {
    if choice == .atBreach { return stretches[breach ?? stretches.count - 1].holder }
    var best: (holder: String?, held: Int64) = (nil, -1)
    for holder in holders where holder.held > best.held { best = holder }
    return best.holder
  }

  /// `Value 1 20d (64.52%), Value 2 11d (35.48%, breached)`: each holder's time and share,
  /// the one holding at the breach marked.
  package var text: String {
    let total = self.total
    let breacher = breach.map { stretches[$0].holder }
    var out: [UInt8] = []
    for (index, holder) in holders.enumerated() {
      if index > 0 { out.append(contentsOf: ", ".utf8) }
      out.append(contentsOf: (holder.holder ?? "(no holder)").utf8)
      out.append(UInt8(ascii: " "))
      DurationFormat.append(holder.held, to: &out)
      out.append(contentsOf: " (".utf8)
      let share = total == 0 ? 0 : Double(holder.held) / Double(total)
      out.append(contentsOf: Measurement.percentText(share).utf8)
      if let breacher, breacher == holder.holder { out.append(contentsOf: ", breached".utf8) }
      out.append(UInt8(ascii: ")"))
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// A run of a state's interval during which one party held the case.
package struct HeldStretch: Sendable, Hashable, Codable {
  /// The holder: the field's value at the latest event (at or before the stretch's start)
  /// that had one; nil before any did.
  package var holder: String?
  /// Where it begins and ends (half-open: its end is the next stretch's start).
  package var start: Int64
  package var end: Int64
  /// The time it counted: wall-clock or working time, less pauses.
  package var counted: Int64
  /// The budget left when it began: the threshold less the time counted before it
  /// (negative once past the threshold).
  package var budgetLeft: Int64
}

extension HolderSplit {
  /// Splits the state from `start` to `end` (its end, or now while open), less `pauses`,
  /// counted on the wall clock or in `calendar`, by the holders `changes` gives (a history:
  /// changes `{at, FIELD}` in time order; one whose field is missing changes nothing; of
  /// several at one instant, the last holds from it). The breach is in the stretch that
  /// counted the millisecond that broke `op threshold`: for `>`, the first millisecond past
  /// the threshold; for `>=`, the one that reached it (the first stretch for `>= 0s`).
  package static func split(
    start: Int64, end: Int64, pauses: [Pause], calendar: BusinessCalendar?, changes: Value,
    field: String, choice: HolderChoice, op: BinaryOperator, threshold: Int64
  ) -> HolderSplit {
    var marks: [(at: Int64, holder: String)] = []
    if case .list(let items) = changes {
      for case .record(let fields) in items {
        guard case .time(let at) = fields["at"] ?? .null,
          let holder = Program.partyName(fields[field] ?? .null)
        else { continue }
        marks.append((at, holder))
      }
    }
    func counted(_ low: Int64, _ high: Int64) -> Int64 {
      guard high > low else { return 0 }
      var total = calendar?.workingTime(from: low, to: high) ?? high - low
      for pause in pauses {
        let (from, to) = (max(pause.start, low), min(pause.end, high))
        guard to > from else { continue }
        total -= calendar?.workingTime(from: from, to: to) ?? to - from
      }
      return total
    }
    // The holder at the start, then each change of holder inside the interval.
    var bounds: [(at: Int64, holder: String?)] = [(start, nil)]
    for mark in marks {
      if mark.at <= start {
        bounds[0].holder = mark.holder
      } else if mark.at < end, mark.holder != bounds[bounds.count - 1].holder {
        if bounds[bounds.count - 1].at == mark.at { bounds.removeLast() }
        if mark.holder != bounds.last?.holder { bounds.append((mark.at, mark.holder)) }
      }
    }
    var split = HolderSplit(
      choice: choice, field: field, stretches: [], breach: nil, threshold: threshold)
    var sum: Int64 = 0
    for (index, bound) in bounds.enumerated() {
      let high = index + 1 < bounds.count ? bounds[index + 1].at : end
      let time = counted(bound.at, high)
      split.stretches.append(
        HeldStretch(
          holder: bound.holder, start: bound.at, end: high, counted: time,
          budgetLeft: threshold - sum))
      sum += time
      let broke = op == .greater ? sum > threshold : sum >= threshold
      if broke && split.breach == nil { split.breach = index }
    }
    return split
  }
}

extension HolderSplit {
  /// The case's holder at `instant`, as `split` tells it: the field's value in the latest
  /// change at or before it that has one (of several at one instant, the last); nil before
  /// any has.
  package static func holder(at instant: Int64, changes: Value, field: String) -> String? {
    guard case .list(let items) = changes else { return nil }
    var holder: String?
    for case .record(let fields) in items {
      guard case .time(let at) = fields["at"] ?? .null, at <= instant else { continue }
      if let named = Program.partyName(fields[field] ?? .null) { holder = named }
    }
    return holder
  }
}

extension Pause {
  /// A pause from `start` until `end`.
  package init(from start: Int64, until end: Int64) {
    self.init(start: start, end: end)
  }
}
