import VigilSyntax

/// A construct a dialect cannot compile (yet): compiling stops with an error naming it, never
/// with a query that means something else.
package struct SQLGap: Error, Sendable {
  /// What it is, as a message names it: `a calendar's working time (in support_hours)`.
  package var construct: String
  /// Where to point in the policy.
  package var place: Place
  /// Why, when there is more to say than "not yet".
  package var reason: String?

  /// The syntax a gap is found in, to point the error at it.
  package enum Place: Sendable {
    /// A call of this function.
    case call(String)
    /// An operator.
    case op(BinaryOperator)
    /// `in CALENDAR` or `N business days`.
    case calendar
    /// `paused in … while …`.
    case paused
    /// `each cycle from … until …`.
    case cycle
    /// `accountable: FIELD at breach | held longest | by share`.
    case holding
    /// `manager of …` and the other relations.
    case relation
    /// A group policy's `per` line.
    case grouping
    /// `warn at`.
    case warning
    /// An escalation chain's `then … after …`.
    case steps
    /// The whole rule.
    case rule
  }

  package init(_ construct: String, at place: Place, reason: String? = nil) {
    self.construct = construct
    self.place = place
    self.reason = reason
  }
}
