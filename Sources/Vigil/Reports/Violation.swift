/// A record that broke a policy: which policy, which record, who is accountable, what was
/// measured against what.
public struct Violation: Sendable, Hashable {
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
  /// What was measured: `unresolved 61h12m`.
  public var measured: String?
  /// What it was measured against: `> 48h`.
  public var threshold: String?
  /// The rule's condition as written, shown when no comparison explains the violation.
  public var condition: String
  /// The input the record came from, and its line there.
  public var input: String
  /// The record's line in its input.
  public var line: Int

  /// An action with its party resolved for one record.
  public struct ActionTaken: Sendable, Hashable {
    /// escalate, notify or flag.
    public var kind: Action.Kind
    /// The party it names; nil for `flag` or when the party's field is missing.
    public var target: String?

    /// The action as text: `escalate to dara`.
    public var description: String {
      switch kind {
      case .escalate: return "escalate to \(target ?? "(missing)")"
      case .notify: return "notify \(target ?? "(missing)")"
      case .flag: return "flag"
      }
    }
  }

  /// The first action's kind (`escalate`, `notify`, `flag`), as JSON and CSV report it.
  public var action: String { actions.first?.kind.rawValue ?? "flag" }
  /// The first action's party.
  public var target: String? { actions.first?.target }
}

/// A line of input that was not a record.
public struct Rejection: Sendable, Hashable {
  /// The input's name.
  public var input: String
  /// The line where the rejected record starts.
  public var line: Int
  /// What is wrong with it.
  public var reason: String
}

/// A value that a policy could not read in a record, counted once per record and policy.
public struct DataErrorReport: Sendable, Hashable {
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
}
