import VigilCore
import VigilSyntax

/// A dishonest pause as a finding of its own (Grammar.md, "Honest pauses"): a pause of a state
/// a policy measured (`paused in H while P unless Q`) that a change where `Q` held
/// contradicted, with the party who set it — whether or not the record (or case) broke the
/// policy. It comes in the findings stream after the record's (or case's) violation of the
/// policy, if any, the record's pauses in the order they began.
public struct PauseFinding: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The policy whose rule measured the state.
  public var policy: String
  /// Where the rule is: `file:line`.
  public var location: String
  /// The record's id, or the group's (case's) name.
  public var record: String
  /// The input the record came from, and its line there (empty and 0 for a group).
  public var input: String
  /// The record's line in its input.
  public var line: Int
  /// The policy's severity.
  public var severity: Severity
  /// Who set the pause: the case's holder at its start (`accountable: FIELD at …`); else the
  /// value of the policy's `accountable:` field in the change that began it, when it has
  /// one; else the party the policy names for the record (nil when none).
  public var party: String?
  /// For a group policy: the group (its cycle, for a policy judged per cycle).
  public var group: GroupFacts?
  /// Whether the record (or case, or cycle) broke the policy.
  public var breached: Bool
  /// The pause, with the time it counted in the state.
  package var pause: DishonestPause
  /// How long the pause lasted: from its beginning to its end, or to now while it lasts.
  public var lasted: Int64
  /// Whether the pause had not ended by now.
  public var ongoing: Bool
  /// For a record policy judged per cycle of its own list of changes: the cycle.
  package var recordCycle: CycleFacts?

  /// For a policy judged per cycle: the cycle the pause counted in (a case's, or a record's).
  package var cycle: CycleFacts? { group?.cycle ?? recordCycle }

  /// A finding of `pause` as of `now`.
  package init(
    policy: String, location: String, record: String, input: String, line: Int,
    severity: Severity, party: String?, group: GroupFacts? = nil, breached: Bool,
    pause: DishonestPause, now: Int64
  ) {
    self.policy = policy
    self.location = location
    self.record = record
    self.input = input
    self.line = line
    self.severity = severity
    self.party = party
    self.group = group
    self.breached = breached
    self.pause = pause
    ongoing = pause.end > now
    lasted = max(0, min(pause.end, now) - pause.began)
  }

  /// The state it paused, as the policy names it (`resolution`).
  public var state: String { pause.state }
  /// When the pause began, in milliseconds since 1970 (UTC).
  public var began: Int64 { pause.began }
  /// When a change contradicted it (its `unless` condition held), in milliseconds.
  public var contradicted: Int64 { pause.contradicted }
  /// When it ended, in milliseconds; nil while it lasts (`ongoing`).
  public var ended: Int64? { ongoing ? nil : pause.end }
  /// The time it counted as not paused in the state, in milliseconds.
  public var notPaused: Int64 { pause.counted }
  /// `dishonest pause set by alice: resolution paused 2026-11-02T09:30:00Z–2026-11-02T10:30:00Z
  /// (1h), contradicted at 2026-11-02T10:00:00Z (change 2), 30m not paused`.
  public var description: String {
    var out = "dishonest pause"
    if let party { out += " set by " + party }
    out += ": " + pause.state + " paused " + TimeParsing.formatISO8601(pause.began) + "–"
    out += ongoing ? "on" : TimeParsing.formatISO8601(pause.end)
    out += " (" + DurationFormat.format(lasted) + "), contradicted at "
    out += TimeParsing.formatISO8601(pause.contradicted)
    out += " (change \(pause.contradictedChange + 1)), "
    return out + DurationFormat.format(pause.counted) + " not paused"
  }
}

extension DishonestPause {
  /// The dishonest pauses of `lists` (each a paused state's, as a frame keeps them), once
  /// each, in the order they began (then by their contradicting change, end and state).
  package static func distinct(_ lists: [[DishonestPause]]) -> [DishonestPause] {
    var seen = Set<DishonestPause>()
    var found: [DishonestPause] = []
    for pause in lists.joined() where seen.insert(pause).inserted { found.append(pause) }
    return found.sorted {
      ($0.began, $0.beganChange, $0.contradictedChange, $0.end, $0.state)
        < ($1.began, $1.beganChange, $1.contradictedChange, $1.end, $1.state)
    }
  }
}
