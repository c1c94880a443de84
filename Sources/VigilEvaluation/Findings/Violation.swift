import VigilCore
import VigilRecords
import VigilSyntax

/// A record that broke a policy: which policy, which record, who is accountable, what was
/// measured against what.
public struct Violation: Sendable, Hashable, Codable {
  /// The policy's name (`FILE:LINE` for a bare rule).
  public var policy: String
  /// Where the rule is: `file:line`.
  public var location: String
  /// The record's id (its id field, else `file:line` of the record).
  public var record: String
  /// The accountable party: `accountable:`, else the first action's party; nil for `flag`.
  public var party: String?
  /// The actions the rule takes, in order.
  public var actions: [ActionTaken]
  /// How serious the breach is.
  public var severity: Severity
  /// Whether the state that decided it is still open at now; nil when no state decided it.
  public var open: Bool?
  /// What decided it, when a comparison or a state did.
  public var measurement: Measurement?
  /// The rule's condition as written, shown when no comparison explains the violation.
  public var condition: String
  /// The input the record came from, and its line there.
  public var input: String
  /// The record's line in its input.
  public var line: Int
  /// For a group policy: the group that broke it (then `record` names the group, and
  /// `input` and `line` are empty).
  public var group: GroupFacts?
  /// For a record at risk (`warn at`), not yet a violation: how long until it breaks the
  /// rule, in milliseconds.
  public var atRisk: Int64?
  /// For a record policy reading the record's own list of changes: the cycle judged and who
  /// held the record (`each cycle in H`, `accountable: FIELD at breach in H`).
  package var recordFacts: RecordFacts?

  /// For a policy judged per cycle: the cycle judged (a case's, or a record's own).
  package var cycle: CycleFacts? { group?.cycle ?? recordFacts?.cycle }
  /// For a policy whose party is a holder: who held the case (or record).
  package var holders: HolderSplit? { group?.holders ?? recordFacts?.holders }

  /// A violation.
  package init(
    policy: String, location: String, record: String, party: String?, actions: [ActionTaken],
    severity: Severity, open: Bool?, measurement: Measurement?, condition: String, input: String,
    line: Int, group: GroupFacts? = nil
  ) {
    self.policy = policy
    self.location = location
    self.record = record
    self.party = party
    self.actions = actions
    self.severity = severity
    self.open = open
    self.measurement = measurement
    self.condition = condition
    self.input = input
    self.line = line
    self.group = group
  }

  /// An action with its party resolved for one record.
  public struct ActionTaken: Sendable, Hashable, Codable {
    /// escalate, notify or flag.
    public var kind: Action.Kind
    /// The party it names; nil for `flag` or when the party's field is missing. For an
    /// escalation chain, the party of the level reached.
    public var target: String?
    /// For an escalation chain: which level was reached, and why.
    public var escalation: Escalation?

    /// An action taken.
    package init(kind: Action.Kind, target: String?, escalation: Escalation? = nil) {
      self.kind = kind
      self.target = target
      self.escalation = escalation
    }

    /// The action as text: `escalate to dara`, and for a chain
    /// `escalate to maria (level 2 of 3: 30h past the threshold, more than 24h)`.
    public var description: String {
      switch kind {
      case .escalate:
        return "escalate to \(target ?? "(missing)")" + (escalation.map { " (\($0.reason))" } ?? "")
      case .notify: return "notify \(target ?? "(missing)")"
      case .flag: return "flag"
      }
    }

    /// Moves an escalation chain to the level `overrun` reaches.
    package mutating func reach(overrun: Int64?) {
      guard var chain = escalation else { return }
      chain.overrun = overrun
      chain.level = 1 + chain.delays.filter { delay in overrun.map { $0 > delay } ?? false }.count
      target = chain.parties[chain.level - 1]
      escalation = chain
    }
  }

  /// Moves every escalation chain to the level `overrun` reaches; the accountable party
  /// follows the first action when it was the first action's.
  package mutating func escalate(overrun: Int64?) {
    let first = actions.firstIndex { $0.kind != .flag }
    let partyWasFirst = first.map { actions[$0].target == party } ?? false
    for index in actions.indices { actions[index].reach(overrun: overrun) }
    if partyWasFirst, let first { party = actions[first].target }
  }

  /// What was measured: `unresolved 61h12m`, or `unresolved open for 26h` for a bare state.
  public var measured: String? {
    measurement.map { measurement in
      var bytes: [UInt8] = []
      measurement.write(to: &bytes)
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  /// What it was measured against: `> 48h`.
  public var threshold: String? { measurement?.threshold }

  /// The first action's kind (`escalate`, `notify`, `flag`), as JSON and CSV report it.
  public var action: String { actions.first?.kind.rawValue ?? "flag" }
  /// The first action's party.
  public var target: String? { actions.first?.target }
}

/// The level an escalation chain reached, and why: how far past its threshold the violation
/// was (`escalate to owner, then manager of owner after 24h, then "head" after 72h`).
public struct Escalation: Sendable, Hashable, Codable {
  /// The level reached: 1 for the first party.
  public var level = 1
  /// How far past the threshold the violation was, when it was measured in time.
  public var overrun: Int64?
  /// Every level's party (nil when missing), first level first.
  public var parties: [String?]
  /// The delays of the levels after the first, in milliseconds.
  public var delays: [Int64]
  /// The delays as written: `24h`.
  public var delayTexts: [String]

  /// How many levels the chain has.
  public var levels: Int { parties.count }

  /// `level 2 of 3: 30h past the threshold, more than 24h`.
  public var reason: String {
    var text = "level \(level) of \(levels)"
    guard let overrun else { return text + ": not measured in time" }
    // A record at risk has not broken the rule yet.
    if overrun < 0 { return text + ": not past the threshold yet" }
    if overrun == 0 { return text + ": at the threshold" }
    var bytes: [UInt8] = []
    DurationFormat.append(overrun, to: &bytes)
    text += ": \(String(decoding: bytes, as: UTF8.self)) past the threshold"
    if level > 1 { text += ", more than \(delayTexts[level - 2])" }
    return text
  }
}

/// The group of a group policy's violation or shortfall.
public struct GroupFacts: Sendable, Hashable, Codable {
  /// The values of the policy's `per` keys, as reports show them.
  public var keys: [String]
  /// The calendar window (`2026-10`, `week of 2026-10-05`, `2026-10-05`), if the policy has
  /// windows.
  public var window: String?
  /// How many records the group holds.
  public var records: Int
  /// What the records are called (`surveys`, from `at least 20 surveys`; else `records`).
  public var noun: String
  /// For a policy judged per cycle (`each cycle from … until …`): the cycle judged.
  package var cycle: CycleFacts?
  /// For a policy whose party is a holder of the case (`accountable: Resource at breach`):
  /// who held it while the measured state ran.
  package var holders: HolderSplit?

  /// How many records the group holds, with their noun in the singular for one
  /// (`1 survey`, `1 enquiry`, `3 surveys`).
  public var sample: String {
    guard records == 1, noun.hasSuffix("s"), !noun.hasSuffix("ss") else {
      return "\(records) \(noun)"
    }
    if noun.hasSuffix("ies") { return "1 \(noun.dropLast(3))y" }
    return "1 \(noun.dropLast())"
  }

  /// The group as reports name it: its keys, and its window after "in".
  public var name: String {
    let keys = self.keys.joined(separator: ", ")
    guard let window else { return keys }
    return keys.isEmpty ? window : "\(keys) in \(window)"
  }
}

/// What a record policy reading the record's own list of changes adds to its violation: the
/// cycle judged, who held the record. A struct: a class reference here made every violation's
/// copies dearer (+195 instructions per record on Benchmarks/checks.vigil, against +50).
package struct RecordFacts: Sendable, Hashable, Codable {
  package let cycle: CycleFacts?
  package let holders: HolderSplit?

  package init(cycle: CycleFacts?, holders: HolderSplit?) {
    self.cycle = cycle
    self.holders = holders
  }
}

/// The cycle of a case a policy judged (`each cycle from … until …`): which of how many,
/// when it began, and when it ended (nil while open).
package struct CycleFacts: Sendable, Hashable, Codable {
  package var number: Int
  package var count: Int
  package var start: Int64
  package var end: Int64?
  /// Whether it is the first of its case's cycles to break the policy (set by the judge for
  /// a violation, so the case counts once among those ever breached).
  package var firstBreach = false

  /// `cycle 2 of 3`.
  package var text: String { "cycle \(number) of \(count)" }
}

/// A group too small to judge: fewer records than the policy's `at least`.
public struct GroupShortfall: Sendable, Hashable, Codable {
  /// The policy's name.
  public var policy: String
  /// Where its rule is.
  public var location: String
  /// The group.
  public var group: GroupFacts
  /// The records it needed.
  public var minimum: Int
}

/// A line of input that was not a record.
public struct Rejection: Sendable, Hashable, Codable {
  /// The input's name.
  public var input: String
  /// The line where the rejected record starts.
  public var line: Int
  /// What is wrong with it.
  public var reason: String

  /// Makes one from its parts.
  package init(input: String, line: Int, reason: String) {
    self.input = input
    self.line = line
    self.reason = reason
  }
}

/// A value that a policy could not read in a record, counted once per record and policy.
public struct DataErrorReport: Sendable, Hashable, Codable {
  /// The input's name.
  public var input: String
  /// The record's line.
  public var line: Int
  /// The record's id.
  public var record: String
  /// The policy that needed the value.
  public var policy: String
  /// What could not be read, and why.
  public var error: DataError

  /// Makes one from its parts.
  package init(input: String, line: Int, record: String, policy: String, error: DataError) {
    self.input = input
    self.line = line
    self.record = record
    self.policy = policy
    self.error = error
  }
}

/// What decided a violation: the value a comparison or state measured, and its threshold.
public struct Measurement: Sendable, Hashable, Codable {
  /// What was measured, as written in the policy: `unresolved`.
  public var label: String
  /// Its value for the record: the state's length, or the compared value.
  public var value: Value
  /// The operator and threshold, as written: `> 48h`; nil for a bare state (open now).
  public var threshold: String?
  /// Whether the value is a share, shown as a percentage: `23.5%`.
  public var percent = false
  /// The calendar a state's length was counted in: `unresolved 17h30m business (support_hours)`.
  public var clock: String?

  /// Appends `unresolved 61h12m`, or `unresolved open for 26h` for a bare state.
  package func write(to out: inout [UInt8]) { out.append(buffered: { write(to: &$0) }) }

  /// Appends `unresolved 61h12m`, or `unresolved open for 26h` for a bare state.
  package func write(to out: inout ByteBuffer) {
    Self.write(
      label: label, value: value, bare: threshold == nil, percent: percent, clock: clock,
      to: &out)
  }

  /// Appends a measurement from its parts, as `write(to:)` does: `bare` for a bare state.
  package static func write(
    label: String, value: Value, bare: Bool, percent: Bool, clock: String?,
    to out: inout ByteBuffer
  ) {
    out.append(label)
    if bare {
      out.append(" open for ")
    } else {
      out.append(UInt8(ascii: " "))
    }
    if case .duration(let length) = value {
      DurationFormat.append(length, to: &out)
    } else if percent, case .number(let fraction) = value {
      out.append(Measurement.percentText(fraction))
    } else {
      out.append(Operations.format(value))
    }
    if let clock {
      out.append(" business (")
      out.append(clock)
      out.append(UInt8(ascii: ")"))
    }
  }

  /// A fraction as a percentage with at most two decimals: 0.235 → `23.5%`.
  package static func percentText(_ fraction: Double) -> String {
    Operations.formatNumber((fraction * 10_000).rounded() / 100) + "%"
  }

  /// Makes one from its parts.
  package init(
    label: String, value: Value, threshold: String? = nil, percent: Bool = false,
    clock: String? = nil
  ) {
    self.label = label
    self.value = value
    self.threshold = threshold
    self.percent = percent
    self.clock = clock
  }
}
