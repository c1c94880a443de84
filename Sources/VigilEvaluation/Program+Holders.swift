import VigilCore
import VigilSyntax

/// A group policy's holding compiled (`accountable: Resource at breach`): the case's holders,
/// and the state the rule measures, over the policy's group frame.
package struct CompiledHolding {
  package let choice: HolderChoice
  package let field: String
  /// `history(FIELD)`: the case's changes of holder.
  package let history: Eval
  /// The measured state on the wall clock, less its pauses (its interval and pauses).
  package let state: StateEval
  /// The calendar its length is counted in, if any.
  package let calendar: ((Frame) -> BusinessCalendar?)?
  package let op: BinaryOperator
  package let threshold: Int64
}

extension Program {
  /// Who held the case in `frame` (a group frame of `holding`'s policy, its condition just
  /// judged) while the measured state ran; nil when the state is unknown.
  package func holderSplit(_ holding: CompiledHolding, _ frame: Frame) -> HolderSplit? {
    guard let value = holding.state(frame) else { return nil }
    var calendar: BusinessCalendar?
    if let choose = holding.calendar {
      guard let chosen = choose(frame) else { return nil }
      calendar = chosen
    }
    return HolderSplit.split(
      start: value.start, end: value.end ?? value.start + value.length,
      pauses: frame.pauses(value.pauses), calendar: calendar, changes: holding.history(frame),
      field: holding.field, choice: holding.choice, op: holding.op, threshold: holding.threshold)
  }
}
