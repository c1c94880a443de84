import VigilSyntax

/// Tracing for `vigil explain`: while a policy's condition is checked, what each part of it
/// (each node of the syntax tree, definitions' bodies included) was checked to, so each part
/// can be evaluated on its own and shown with its value.
extension Checker {
  /// Records what `expr` was checked to, in the current source.
  package mutating func trace(_ expr: Expr, _ result: (CheckedExpr, ValueType)) {
    tracer?.checked[TraceKey(file: source.file, range: expr.range)] = result
  }

  /// The condition `expr` (in `source`) as a tree of its parts, each with what it was
  /// checked to; a definition's name has the definition's body as its one child.
  package func traceTree(_ expr: Expr, _ source: Source) -> TraceNode {
    let found = tracer?.checked[TraceKey(file: source.file, range: expr.range)]
    var node = TraceNode(
      text: source.text(in: expr.range), checked: found?.0, type: found?.1 ?? .any)
    switch expr.kind {
    case .literal:
      node.isLeaf = true
      node.isLiteral = true
    case .now, .quotedName, .member:
      node.isLeaf = true
    case .name(let name):
      if let entry = definitions[name] {
        node.definition = name
        node.children = [traceTree(entry.definition.value, entry.source)]
      } else {
        node.isLeaf = true
      }
    case .list(let items), .call(_, let items):
      node.children = items.map { traceTree($0, source) }
      // A list written out (["a", "b"]) says what it is.
      if case .list = expr.kind, node.children.allSatisfy(\.isLiteral) { node.isLiteral = true }
    case .inCalendar(let comparison, _, _):
      // The comparison is counted in the calendar: its parts are this node's.
      node.children = traceTree(comparison, source).children
    case .unary(_, let operand), .isMissing(let operand, _), .relation(_, let operand),
      .businessDays(let operand):
      node.children = [traceTree(operand, source)]
    case .binary(_, let left, let right), .state(let left, let right),
      .filtered(let left, let right), .noneWithin(let left, let right),
      .cycleState(let left, let right, nil):
      node.children = [traceTree(left, source), traceTree(right, source)]
    case .between(let value, let low, let high), .cycleState(let value, let low, let high?):
      node.children = [value, low, high].map { traceTree($0, source) }
    case .pausedState(let state, let history, _, _):
      // The condition reads each change of the history, not the record.
      node.children = [traceTree(state, source), traceTree(history, source)]
    }
    return node
  }
}

/// What the checker found for each part of the condition being checked.
package struct Tracer {
  package var checked: [TraceKey: (CheckedExpr, ValueType)] = [:]
  /// The trees of the conditions checked so far, policy by policy.
  package var trees: [TraceNode] = []

  /// Makes one from its parts.
  package init(checked: [TraceKey: (CheckedExpr, ValueType)] = [:], trees: [TraceNode] = []) {
    self.checked = checked
    self.trees = trees
  }
}

/// A part of a condition: its file and place there.
package struct TraceKey: Hashable {
  package var file: String
  package var range: SourceRange
}

/// One part of a condition, as written, with what it was checked to.
package struct TraceNode: Sendable {
  /// The part as written.
  package var text: String
  /// What it was checked to (nil if it was not, e.g. after an error).
  package var checked: CheckedExpr?
  package var type: ValueType
  /// For a definition's name: the definition.
  package var definition: String?
  /// A literal, a field or `now`: nothing inside to show.
  package var isLeaf = false
  package var isLiteral = false
  package var children: [TraceNode] = []
}
