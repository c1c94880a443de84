import VigilCore
import VigilSemantics
import VigilSyntax

/// A compiled condition: the record's three-valued truth (nil: unknown), with no value boxed.
package typealias Test = (Frame) -> Bool?

/// Conditions compiled as tests: the logic of a rule (`and`, `or`, `not`), its comparisons
/// with constants and its states' lengths evaluated on native values, so that no `Value` is
/// made, copied or destroyed between them. A test of `expr` gives what
/// `Logic.truth(compile(expr)(frame), frame)` gives, with the same evidence and data errors;
/// `compile` makes these kinds of expression from their tests.
extension Compiler {
  /// `expr` as a condition.
  package mutating func compileTest(_ expr: CheckedExpr) -> Test {
    switch expr {
    case .constant(.bool(let truth)): return { _ in truth }
    case .constant(.null): return { _ in nil }
    case .not(let operand):
      let inner = compileTest(operand)
      return { frame in inner(frame).map { !$0 } }
    case .and(let left, let right): return compileAndTest(left, right)
    case .or(let left, let right): return compileOrTest(left, right)
    case .compare(let op, let left, let right, let site):
      if let test = compileComparisonTest(op, left, right, site) { return test }
    case .stateLength(let op, let state, let other, let site):
      if let test = compileStateLengthTest(op, state, other, site) { return test }
    case .calendarLength(let op, let state, let other, let site, let calendar):
      if let test = compileStateLengthTest(op, state, other, site, in: calendar) { return test }
    case .membership(let element, .constant(.list(let items)), let negated):
      if let test = compileTextMembershipTest(element, items, negated) { return test }
    case .stateOpen(.state(.field(let from, .time), .field(let until, .time)), let site):
      return compileWallStateOpenTest(from, until, site)
    default: break
    }
    let value = compile(expr)
    return { frame in Logic.truth(value(frame), frame) }
  }

  /// `open(from … until …)` between two time fields (a pending record's question, in the
  /// accountability report), the state read in place, as `compileStateOpen` reads it through
  /// closures.
  private mutating func compileWallStateOpenTest(
    _ from: FieldPath, _ until: FieldPath, _ site: Int
  ) -> Test {
    let state = wallState(from, until, label: sites[site].label)
    let explains = !checking
    return { frame in
      guard let value = state.value(frame) else { return nil }
      if value.open && explains && frame.stateEvidence == nil {
        frame.stateEvidence = Evidence(site: site, measured: .duration(value.length), open: true)
      }
      return value.open
    }
  }

  /// A test as a value: `.bool`, or `.null` when unknown.
  package static func value(of test: @escaping Test) -> Eval {
    { frame in
      guard let truth = test(frame) else { return .null }
      return .bool(truth)
    }
  }

  // MARK: - Logic

  /// `a and b`: false as soon as `a` is; `b`, then skipped, still gets its second look, so
  /// that its data errors do not depend on the order of the operands.
  package mutating func compileAndTest(_ left: CheckedExpr, _ right: CheckedExpr) -> Test {
    if !checking, case .compare(let op, let a, let b, let site) = left,
      let equality = compileTextEquality(op, a, b, site)
    {
      return compileAndTest(equality, right)
    }
    let (l, r) = (compileTest(left), compileTest(right))
    guard !checking else { return { frame in Logic.both(l(frame), r(frame)) } }
    if let state = stateCheck(right) {
      return { frame in
        let a = l(frame)
        if a == false {
          _ = state.value(frame)
          return false
        }
        return Logic.both(a, r(frame))
      }
    }
    guard let skipped = compileConditionCheck(right) else {
      return { frame in
        let a = l(frame)
        if a == false { return false }
        return Logic.both(a, r(frame))
      }
    }
    return { frame in
      let a = l(frame)
      if a == false {
        skipped(frame)
        return false
      }
      return Logic.both(a, r(frame))
    }
  }

  /// `field == "text" and b` (the commonest rule: a kind of record, and what it must not
  /// break), the equality tested in place: no closure called for it.
  private mutating func compileAndTest(_ equality: TextEquality, _ right: CheckedExpr) -> Test {
    let r = compileTest(right)
    if let state = stateCheck(right) {
      // `complaint unresolved > 48h`: the state's second look read in place.
      return { frame in
        let a = equality.test(frame)
        if a == false {
          _ = state.value(frame)
          return false
        }
        return Logic.both(a, r(frame))
      }
    }
    guard let skipped = compileConditionCheck(right) else {
      return { frame in
        let a = equality.test(frame)
        if a == false { return false }
        return Logic.both(a, r(frame))
      }
    }
    return { frame in
      let a = equality.test(frame)
      if a == false {
        skipped(frame)
        return false
      }
      return Logic.both(a, r(frame))
    }
  }

  /// `a and b` as `compileAndTest` tests it (`b`, skipped, gets its second look; a text
  /// equality and a state read in place), recording `a`'s truth in the frame
  /// (`Frame.scopeTruth`): the policy's scope, when `a` is it.
  package mutating func compileScopedAndTest(_ left: CheckedExpr, _ right: CheckedExpr) -> Test {
    if case .compare(let op, let a, let b, let site) = left,
      let equality = compileTextEquality(op, a, b, site)
    {
      return compileScopedAndTest(equality, right)
    }
    return compileScopedAndTest(TestOperand(body: compileTest(left)), right)
  }

  private mutating func compileScopedAndTest(_ l: some FirstOperand, _ right: CheckedExpr)
    -> Test
  {
    let r = compileTest(right)
    if let state = stateCheck(right) {
      return { frame in
        let a = l.test(frame)
        frame.scopeTruth = a == true ? 2 : 1
        if a == false {
          _ = state.value(frame)
          return false
        }
        return Logic.both(a, r(frame))
      }
    }
    guard let skipped = compileConditionCheck(right) else {
      return { frame in
        let a = l.test(frame)
        frame.scopeTruth = a == true ? 2 : 1
        if a == false { return false }
        return Logic.both(a, r(frame))
      }
    }
    return { frame in
      let a = l.test(frame)
      frame.scopeTruth = a == true ? 2 : 1
      if a == false {
        skipped(frame)
        return false
      }
      return Logic.both(a, r(frame))
    }
  }

  /// `a or b`: true as soon as `a` is; `b`, then skipped, still gets its second look.
  package mutating func compileOrTest(_ left: CheckedExpr, _ right: CheckedExpr) -> Test {
    let (l, r) = (compileTest(left), compileTest(right))
    guard !checking else { return { frame in Logic.either(l(frame), r(frame)) } }
    guard let skipped = compileConditionCheck(right) else {
      return { frame in
        let a = l(frame)
        if a == true { return true }
        return Logic.either(a, r(frame))
      }
    }
    return { frame in
      let a = l(frame)
      if a == true {
        skipped(frame)
        return true
      }
      return Logic.either(a, r(frame))
    }
  }

  // MARK: - Membership

  /// `field in ["a", "b"]` (or `not in`): a text left unread is compared as bytes, with no
  /// string made for it. Nil unless every item is a text.
  package mutating func compileTextMembershipTest(
    _ element: CheckedExpr, _ items: [Value], _ negated: Bool
  ) -> Test? {
    guard items.allSatisfy({ if case .text = $0 { true } else { false } }) else { return nil }
    let e = compile(element)
    let texts = items.compactMap { if case .text(let text) = $0 { text } else { nil } }
    let slot: Int? =
      if case .field(let path, .raw) = element { layout.slot(for: path) } else { nil }
    let textBytes = texts.map { Array($0.utf8) }
    return { frame in
      if let slot, let text = frame.deferredText(slot) {
        return textBytes.contains { ByteWords.equal(text, $0) } != negated
      }
      let value = e(frame)
      guard case .text(let text) = value else {
        return Logic.truth(Operations.membership(value, .list(items), negated: negated), frame)
      }
      let count = text.utf8.count
      return texts.contains { $0.utf8.count == count && TextBytes.equal($0, text) } != negated
    }
  }
}

extension Logic {
  /// `a and b`, as SQL's.
  @inline(__always)
  package static func both(_ a: Bool?, _ b: Bool?) -> Bool? {
    if a == false || b == false { return false }
    return a == true && b == true ? true : nil
  }

  /// `a or b`, as SQL's.
  @inline(__always)
  package static func either(_ a: Bool?, _ b: Bool?) -> Bool? {
    if a == true || b == true { return true }
    return a == false && b == false ? false : nil
  }
}

/// The first operand of a policy's `and` whose truth is its scope
/// (`Compiler.compileScopedAndTest`): a text equality tested in place, or any test.
protocol FirstOperand {
  func test(_ frame: Frame) -> Bool?
}

/// Any test as a first operand.
struct TestOperand: FirstOperand {
  let body: Test

  @inline(__always)
  func test(_ frame: Frame) -> Bool? { body(frame) }
}

/// `field == "text"` (or `!=`) on a field read as it comes, tested in place by the closures
/// that hold it: a text the reader left unread is compared as bytes, with no string made.
package struct TextEquality: FirstOperand {
  let slot: Int
  let bytes: [UInt8]
  /// True for `==`, false for `!=`.
  let wanted: Bool
  /// The comparison of the field's value, when the reader read it.
  let read: Test

  @inline(__always)
  func test(_ frame: Frame) -> Bool? {
    if let text = frame.deferredText(slot) { return ByteWords.equal(text, bytes) == wanted }
    return read(frame)
  }
}
