/// An expression, with the source range it was parsed from.
package struct Expr: Sendable, Hashable {
  /// What the expression is.
  package var kind: Kind
  /// The bytes it covers, computed after its children were parsed.
  package var range: SourceRange

  /// An expression.
  package init(_ kind: Kind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }

  /// The kinds of expression.
  package indirect enum Kind: Sendable, Hashable {
    /// A literal value.
    case literal(Literal)
    /// A plain name: a definition, or else a field.
    case name(String)
    /// A backquoted name: always a field.
    case quotedName(String)
    /// `base.name`: a field inside a nested object.
    case member(Expr, String)
    /// `[a, b, c]`.
    case list([Expr])
    /// `now`: the audit instant.
    case now
    /// `name(arguments)`: a builtin function call.
    case call(String, [Expr])
    /// `not e` or `-e`.
    case unary(UnaryOperator, Expr)
    /// `a op b`.
    case binary(BinaryOperator, Expr, Expr)
    /// `value between low and high` (inclusive at both ends).
    case between(Expr, Expr, Expr)
    /// `e is missing` (`negated: false`) or `e is present` / `e is not missing` (`negated: true`).
    case isMissing(Expr, negated: Bool)
    /// `from start until end`: a state, an interval of time per record.
    case state(from: Expr, until: Expr)
    /// `value where condition`: an aggregate's argument counting only the records where the
    /// condition is true (`share(low_score where survey)`).
    case filtered(Expr, where: Expr)
    /// `no B within D`: in a group policy, no record where `B` is true happened in the last
    /// `D` before now.
    case noneWithin(Expr, within: Expr)
    /// `manager of owner`: what the people directory says of a person (or of a team).
    case relation(Relation, Expr)
    /// `unresolved > 16h in support_hours`: a state comparison counted in a calendar's
    /// working time; the calendar's name and range.
    case inCalendar(Expr, calendar: String, SourceRange)
    /// `2 business days`: a number of working days of the calendar named after `in`.
    case businessDays(Expr)
    /// `from A until B paused in H while P`: a state whose clock stops while the status
    /// history `H` (a list of `{…, "at": time}` changes) is in a change where `P` holds;
    /// with `unless Q`, a pause is not honest from a change of it where `Q` holds on.
    case pausedState(Expr, history: Expr, while: Expr, unless: Expr?)
    /// `each cycle from P until Q`: in a group policy over ordered records (an event log's
    /// case), one state per cycle: each begins at a record where `P` is true while no cycle
    /// runs, and ends at the next record where `Q` is true. `each cycle in H from P until Q`
    /// (`history` set): in a record policy, the cycles of the record's list of changes `H`.
    case cycleState(from: Expr, until: Expr, history: Expr?)
  }
}

/// What the people directory can say: `manager of P`, `team of P`, `role of P`, `email of P`
/// for a person `P`, and `lead of T` for a team `T`.
package enum Relation: String, Sendable, Hashable, CaseIterable {
  case manager, team, role, email, lead
}

/// A literal's value.
package enum Literal: Sendable, Hashable {
  /// A number.
  case number(Double)
  /// A percentage, as a fraction.
  case percentage(Double)
  /// A text.
  case text(String)
  /// `true` or `false`.
  case bool(Bool)
  /// `null`.
  case null
  /// A duration, in milliseconds.
  case duration(Int64)
  /// A timestamp, in milliseconds since the epoch.
  case time(Int64)
}

/// Prefix operators.
package enum UnaryOperator: String, Sendable, Hashable {
  /// Three-valued negation.
  case not
  /// Arithmetic negation.
  case negate = "-"
}

/// Infix operators.
package enum BinaryOperator: String, Sendable, Hashable {
  /// Three-valued `or`.
  case or
  /// Three-valued `and`.
  case and
  /// Juxtaposed predicates: a conjunction written without `and`.
  case juxtaposed = " "
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="
  /// Membership in a list.
  case `in`
  /// Non-membership in a list.
  case notIn = "not in"
  /// A list holding a value, or a text holding a text.
  case contains
  /// A text matching a regular expression.
  case matches
  case plus = "+"
  case minus = "-"
  case times = "*"
  case divide = "/"

  /// Whether the operator compares (`== != < <= > >=`).
  package var isComparison: Bool {
    switch self {
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
    default: return false
    }
  }
}

/// What a rule does when it fires.
public struct Action: Sendable, Hashable {
  /// The kinds of action.
  public enum Kind: String, Sendable, Hashable, Codable {
    /// `escalate to P`.
    case escalate
    /// `notify P`.
    case notify
    /// `flag`: names no party.
    case flag
  }
  /// Which action.
  package var kind: Kind
  /// The party, for `escalate` and `notify`.
  package var target: Expr?
  /// For `escalate`: the later levels of its chain (`then manager of owner after 24h`).
  package var steps: [EscalationStep] = []
  /// The action's text.
  package var range: SourceRange
}

/// `then PARTY after DURATION`: a level of an escalation chain, reached when the violation is
/// more than DURATION past its threshold.
package struct EscalationStep: Sendable, Hashable {
  /// Who is escalated to at this level.
  package var target: Expr
  /// How far past the threshold.
  package var after: Expr
  /// The step's text.
  package var range: SourceRange
}

/// `condition → actions`.
package struct Rule: Sendable, Hashable {
  /// When the rule fires.
  package var condition: Expr
  /// What it does then, in order.
  package var actions: [Action]
  /// The whole rule.
  package var range: SourceRange
}

/// A policy's importance.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
  case low, medium, high, critical

  public static func < (lhs: Severity, rhs: Severity) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!  // INVARIANT: both are cases.
  }
}

/// `policy name:` and its block, or a bare rule (which has no name of its own).
package struct PolicyDecl: Sendable, Hashable {
  /// The name, or nil for a bare rule.
  package var name: String?
  /// Where the name is (the rule, for a bare rule).
  package var nameRange: SourceRange
  /// The rule; nil only when the block had none (an error was reported).
  package var rule: Rule?
  /// `severity:`, if given, with its range.
  package var severity: (name: String, range: SourceRange)?
  /// `because:`, if given.
  package var because: String?
  /// `accountable:`, if given.
  package var accountable: Expr?
  /// `accountable: FIELD at breach | held longest | by share`: the party is a holder of the
  /// case (the field's value from each event on), chosen so; with the two words' range.
  package var holding: (choice: HolderChoice, range: SourceRange)?
  /// `accountable: FIELD at breach in H`: the record's list of changes `H` the holders are
  /// read from (outside an event log).
  package var holderHistory: Expr?
  /// `per …`: the groups of a group policy; nil for a record policy.
  package var grouping: Grouping?
  /// `among …`: which records a group policy counts.
  package var scope: Expr?
  /// `at least N …`: the smallest group a group policy judges.
  package var minimum: Minimum?
  /// `unless followed by B within D`: the rule's records must each be followed by another.
  package var followUp: FollowUp?
  /// `warn at 40h` / `warn at 80%`: when a record is at risk of breaking the rule; with the
  /// whole line's range.
  package var warning: (limit: Expr, range: SourceRange)?
  /// `cycles: every|first|last`: which cycles of its `each cycle` state a policy judges, as
  /// written, with its range.
  package var cycles: (which: String, range: SourceRange)?
  /// `allow: "never-fires", …`: the warnings not to report about this policy.
  package var allowed: [(code: String, range: SourceRange)] = []
  /// The whole declaration.
  package var range: SourceRange

  /// A policy declaration; the group clauses are set as their lines are parsed.
  package init(
    name: String?, nameRange: SourceRange, rule: Rule?,
    severity: (name: String, range: SourceRange)? = nil, because: String? = nil,
    accountable: Expr? = nil, range: SourceRange
  ) {
    self.name = name
    self.nameRange = nameRange
    self.rule = rule
    self.severity = severity
    self.because = because
    self.accountable = accountable
    self.range = range
  }

  package static func == (lhs: PolicyDecl, rhs: PolicyDecl) -> Bool {
    lhs.name == rhs.name && lhs.rule == rhs.rule && lhs.severity?.name == rhs.severity?.name
      && lhs.because == rhs.because && lhs.accountable == rhs.accountable
      && lhs.grouping == rhs.grouping && lhs.scope == rhs.scope && lhs.minimum == rhs.minimum
      && lhs.followUp == rhs.followUp && lhs.warning?.limit == rhs.warning?.limit
      && lhs.cycles?.which == rhs.cycles?.which && lhs.holding?.choice == rhs.holding?.choice
      && lhs.holderHistory == rhs.holderHistory
      && lhs.range == rhs.range
  }

  package func hash(into hasher: inout Hasher) {
    hasher.combine(name)
    hasher.combine(range)
  }
}

/// Which holder of a case `accountable: FIELD …` names for a breach: the one holding it when
/// it broke (`at breach`), the one who held it longest (`held longest`), or every holder with
/// their share (`by share`).
package enum HolderChoice: String, Sendable, Hashable, Codable, CaseIterable {
  case atBreach = "at breach"
  case longest = "held longest"
  case share = "by share"
}

/// `per owner, team, monthly by created_at in "Europe/Paris"`: what a group policy groups by.
package struct Grouping: Sendable, Hashable {
  /// The expressions whose values make a group's key, in order (may be empty with a window).
  package var keys: [Expr]
  /// The calendar windows the groups are cut into, if any.
  package var window: Window?
  /// `ordered by TIME`: the time that orders a group's records, for `followed by` and `no`.
  package var order: Expr?
  /// The whole `per` line.
  package var range: SourceRange
}

/// `daily|weekly|monthly by TIME [in "Zone"]`: calendar windows of a time.
package struct Window: Sendable, Hashable {
  /// How long a window is.
  package enum Period: String, Sendable, Hashable, CaseIterable {
    case daily, weekly, monthly
  }
  /// The period.
  package var period: Period
  /// The time that places a record in a window.
  package var time: Expr
  /// The zone whose calendar the windows follow (UTC when not given), with its range.
  package var zone: (name: String, range: SourceRange)?
  /// The whole window clause.
  package var range: SourceRange

  package static func == (lhs: Window, rhs: Window) -> Bool {
    lhs.period == rhs.period && lhs.time == rhs.time && lhs.zone?.name == rhs.zone?.name
      && lhs.range == rhs.range
  }

  package func hash(into hasher: inout Hasher) {
    hasher.combine(period)
    hasher.combine(range)
  }
}

/// `unless followed by outbound_contact within 7d`: each record the rule fires for must be
/// followed, in the same group, by a record where the predicate is true, soon enough.
package struct FollowUp: Sendable, Hashable {
  /// What the following record must be.
  package var predicate: Expr
  /// How soon: a duration.
  package var within: Expr
  /// The whole line.
  package var range: SourceRange
}

/// `at least 20 surveys`: groups with fewer records are "not enough data".
package struct Minimum: Sendable, Hashable {
  /// The smallest number of records a group needs.
  package var count: Int
  /// What the records are called in reports (`surveys`); "records" when not given.
  package var noun: String?
  /// The whole line.
  package var range: SourceRange
}

/// `define name = value`.
package struct Definition: Sendable, Hashable {
  /// The defined name.
  package var name: String
  /// Where the name is.
  package var nameRange: SourceRange
  /// The value: a predicate, a derived value or a state.
  package var value: Expr
  /// The whole definition.
  package var range: SourceRange
}

/// `include "path"`.
package struct Include: Sendable, Hashable {
  /// The path as written, relative to the including file.
  package var path: String
  /// The whole statement.
  package var range: SourceRange
}

/// `calendar name:` and its block: working hours per weekday, a zone, holidays.
package struct CalendarDecl: Sendable, Hashable {
  /// A line of working hours: the weekdays (0 Monday … 6 Sunday) and the hours as written.
  package struct Hours: Sendable, Hashable {
    package var days: [Int]
    /// `"09:00-12:30"`, with each text's range.
    package var intervals: [String]
    package var ranges: [SourceRange]
    package var range: SourceRange
  }
  package var name: String
  package var nameRange: SourceRange
  package var hours: [Hours] = []

  /// The zone's name and range; UTC when not given.
  package var zone: (name: String, range: SourceRange)?
  /// Holidays as written (`"2026-12-25"`), with their ranges.
  package var holidays: [(date: String, range: SourceRange)] = []
  /// `holidays from "file"`: files of holidays, as written, with their ranges.
  package var holidayFiles: [(path: String, range: SourceRange)] = []
  /// `calendar NAME by EXPR:` chooses another calendar per record, by the value of `EXPR`.
  package var selector: Expr?
  /// `"phones" → phone_hours`: for each value, the calendar's name.
  package var choices: [(value: String, calendar: String, range: SourceRange)] = []
  /// `otherwise → office_hours`.
  package var fallback: (calendar: String, range: SourceRange)?
  /// `from "2027-01-01":` and its block: the calendar as it is from that date (or instant)
  /// on, its lines in `hours`, `zone`, `holidays` and `holidayFiles` (what it does not give
  /// it keeps from the version before). A version has no versions of its own.
  package var versions: [CalendarDecl] = []
  /// For a version: when it takes effect, as written (`"2027-01-01"`), and its range.
  package var effective: (text: String, range: SourceRange)?
  package var range: SourceRange

  package static func == (lhs: CalendarDecl, rhs: CalendarDecl) -> Bool {
    lhs.name == rhs.name && lhs.hours == rhs.hours && lhs.zone?.name == rhs.zone?.name
      && lhs.holidays.map(\.date) == rhs.holidays.map(\.date) && lhs.selector == rhs.selector
      && lhs.choices.map(\.calendar) == rhs.choices.map(\.calendar) && lhs.range == rhs.range
      && lhs.versions == rhs.versions && lhs.effective?.text == rhs.effective?.text
  }

  package func hash(into hasher: inout Hasher) {
    hasher.combine(name)
    hasher.combine(range)
  }
}

/// One top-level statement of a file.
package enum Item: Sendable, Hashable {
  /// `include "file"`.
  case include(Include)
  /// `calendar name:` and its block.
  case calendar(CalendarDecl)
  /// `define name = value`.
  case define(Definition)
  /// A named policy or a bare rule.
  case policy(PolicyDecl)
  /// `events per KEY, ordered by TIME`: the file's policies judge cases of an event log.
  case events(EventsDecl)
  /// `missing "?", "N/A"`: CSV cells holding exactly one of these texts are missing.
  case missing([String], SourceRange)
}

/// `events per `Case ID`, ordered by at`: the records are events, and each policy of the
/// file judges one case (the events of one key) as a group policy would, with its fields
/// outside aggregates read from the case's latest event.
package struct EventsDecl: Sendable, Hashable {
  /// The case key(s) and the time that orders the events (a window is an error).
  package var grouping: Grouping
  package var range: SourceRange
}

/// A parsed policy file.
package struct PolicyFile: Sendable {
  /// The file's text.
  package var source: Source
  /// Its statements, in order.
  package var items: [Item]
}
