import VigilCore
import VigilSemantics

/// Second looks: the parts of a rule that its verdict did not need, read for their data
/// errors only.
///
/// A verdict may be decided before every part of its rule was evaluated: `a and b` is false
/// as soon as `a` is, a state without a start is unknown whatever its end. The data errors of
/// a record and policy must not depend on that (nor, so, on the order of the operands): they
/// are those that evaluating every part of the rule meets. So where an evaluation skips a
/// part, it runs that part's second look instead: the part compiled with `checking` on (no
/// evidence, no short-circuit, no regular expression run, no working time counted), its
/// result ignored. A part that cannot meet a data error (a constant, a field read as it
/// comes) has none, and its skip costs nothing.
extension Compiler {
  /// The second look of `expr`, or nil when evaluating it can meet no data error.
  package mutating func compileCheck(_ expr: CheckedExpr) -> Eval? {
    guard Compiler.canMeetDataError(expr) else { return nil }
    let wasChecking = checking
    checking = true
    defer { checking = wasChecking }
    return compile(expr)
  }

  /// The second look of an operand of `and` or `or`: the operand read as a condition (a
  /// field that is neither true nor false is a data error there), or nil when that cannot
  /// meet one.
  package mutating func compileConditionCheck(_ expr: CheckedExpr) -> ((Frame) -> Void)? {
    switch expr {
    case .constant(.bool), .constant(.null), .isMissing(.field, _): return nil
    default: break
    }
    if let state = stateCheck(expr) {
      // The state read in place: no closure called through another.
      return { frame in _ = state.value(frame) }
    }
    let wasChecking = checking
    checking = true
    defer { checking = wasChecking }
    let operand = compileTest(expr)
    return { frame in _ = operand(frame) }
  }

  /// The state whose data errors are all the second look of `expr` meets, when `expr` is a
  /// state on the wall clock compared with a constant (`unresolved > 48h`): nil otherwise.
  package mutating func stateCheck(_ expr: CheckedExpr) -> WallState? {
    switch expr {
    case .stateLength(
      _, .state(.field(let from, .time), .field(let until, .time)), .constant, let site),
      .stateOpen(.state(.field(let from, .time), .field(let until, .time)), let site):
      wallState(from, until, label: sites[site].label)
    default: nil
    }
  }

  /// The usual state, between two time fields, read straight from the slots as integers: what
  /// `compileState` compiles it to, in a first look and in a second (a skipped state is the
  /// commonest second look: `complaint unresolved > 48h` for every record that is not a
  /// complaint).
  package mutating func compileStateCheck(_ from: FieldPath, _ until: FieldPath, label: String)
    -> StateEval
  {
    let state = wallState(from, until, label: label)
    return { frame in state.value(frame) }
  }

  /// The state between time fields `from` and `until` on the wall clock, its slots marked
  /// as times.
  package mutating func wallState(_ from: FieldPath, _ until: FieldPath, label: String)
    -> WallState
  {
    let (a, b) = (layout.slot(for: from), layout.slot(for: until))
    layout.markTime(a)
    layout.markTime(b)
    return WallState(
      from: a, until: b, fromLabel: from.description, untilLabel: until.description,
      label: label)
  }

  /// A time field's instant, as `compileField` reads it: nil when missing, or unreadable
  /// (then with its data error).
  @inline(__always)
  package static func instant(_ frame: Frame, _ slot: Int, _ label: String) -> Int64? {
    let (known, instant) = frame.instant(slot)
    if known { return instant }
    return readInstant(frame, slot, label)
  }

  /// `instant` for a slot that holds no time the reader read: a text read now, with its
  /// data error if it is not a time.
  @inline(never)
  private static func readInstant(_ frame: Frame, _ slot: Int, _ label: String) -> Int64? {
    let value = frame.value(slot)
    if case .time(let instant) = value { return instant }
    if case .null = value { return nil }
    if case .time(let instant) = Operations.readTime(value, label, frame) { return instant }
    return nil
  }

  /// Whether evaluating `expr` can meet a data error. Conservative: false only for what
  /// reads nothing, or reads a field as it comes.
  package static func canMeetDataError(_ expr: CheckedExpr) -> Bool {
    switch expr {
    case .constant, .now, .groupKey, .aggregate, .previous: return false
    case .field(_, let reading): return reading == .time
    // A bare state where a value is wanted is not evaluated (the checker allows it only
    // inside comparisons); a field tested for presence is not read as anything.
    case .state, .pausedState, .isMissing(.field, _): return false
    case .isMissing(let operand, _): return canMeetDataError(operand)
    case .membership(let element, let list, _):
      return canMeetDataError(element) || canMeetDataError(list)
    case .list(let items): return items.contains(where: canMeetDataError)
    default: return true
    }
  }
}

/// The usual state, between two time fields on the wall clock, read straight from the slots
/// as integers; called in place by the closures that hold it.
package struct WallState {
  let from: Int
  let until: Int
  let fromLabel: String
  let untilLabel: String
  /// The state's label, for the data error of an end before its start.
  let label: String

  /// The state of the record in `frame`: nil when unknown (a missing or unreadable start,
  /// an unreadable end, an end before the start).
  @inline(__always)
  func value(_ frame: Frame) -> StateValue? {
    let errorsBefore = frame.errorCount
    let start = Compiler.instant(frame, from, fromLabel)
    let end = Compiler.instant(frame, until, untilLabel)
    guard let begin = start else { return nil }
    if begin > frame.now { return StateValue(start: begin, length: 0, open: false) }
    if frame.errorCount > errorsBefore { return nil }
    guard let stop = end, stop <= frame.now else {
      return StateValue(start: begin, length: frame.now - begin, open: true)
    }
    guard stop >= begin else { return Compiler.endsBeforeStart(begin, stop, label, frame) }
    return StateValue(start: begin, length: stop - begin, open: false)
  }
}
