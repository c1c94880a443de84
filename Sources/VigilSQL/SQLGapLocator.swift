import VigilSemantics
import VigilSyntax

/// Finds where in the policy files a gap is, to point its error at the construct: in the
/// policy's rule, following the definitions it names into the files that hold them.
struct SQLGapLocator {
  let program: CheckedProgram
  /// Every definition, by name, with its file.
  var definitions: [String: (Definition, Source)] = [:]

  init(_ program: CheckedProgram) {
    self.program = program
    for file in program.files {
      for case .define(let definition) in file.items {
        definitions[definition.name] = (definition, file.source)
      }
    }
  }

  /// The error for `gap`, met compiling the policy at `index` (nil: reading the input).
  func diagnostic(_ gap: SQLGap, policy index: Int?, _ dialect: SQLDialect) -> Diagnostic {
    let why = gap.reason.map { " (\($0))" } ?? ""
    let message =
      "the \(dialect.rawValue) dialect cannot compile \(gap.construct) yet\(why)"
    let help: String
    if let index {
      help =
        "audit policy '\(program.policies[index].name)' with vigil audit, or leave its file out of vigil sql (Grammar.md, \"What the SQL means\")"
    } else {
      help = "see README.md, \"When one machine is not enough\""
    }
    guard let index, let (decl, source) = declaration(of: program.policies[index]) else {
      return Diagnostic(
        .error, .unsupportedInSQL, message, source: Source(text: "", file: "vigil sql"),
        range: SourceRange(0, 0), help: help)
    }
    let (place, range) =
      find(gap.place, in: decl, source) ?? (source, decl.rule?.range ?? decl.range)
    return Diagnostic(.error, .unsupportedInSQL, message, source: place, range: range, help: help)
  }

  /// The declaration of a checked policy: the one whose rule is at its location.
  func declaration(of policy: CheckedPolicy) -> (PolicyDecl, Source)? {
    for file in program.files {
      for case .policy(let decl) in file.items {
        guard let rule = decl.rule else { continue }
        let line = file.source.location(of: rule.range.start).line
        if "\(file.source.file):\(line)" == policy.location { return (decl, file.source) }
      }
    }
    return nil
  }

  /// The text of `place` in a declaration, if it is there.
  func find(_ place: SQLGap.Place, in decl: PolicyDecl, _ source: Source) -> (Source, SourceRange)?
  {
    switch place {
    case .grouping: return decl.grouping.map { (source, $0.range) } ?? events(source)
    case .warning: return decl.warning.map { (source, $0.range) }
    case .holding: return decl.holding.map { (source, $0.range) }
    case .steps:
      return decl.rule?.actions.first { !$0.steps.isEmpty }.map { (source, $0.steps[0].range) }
    case .rule: return nil
    default:
      guard let rule = decl.rule else { return nil }
      var seen: Set<String> = []
      if let found = search(rule.condition, source, place, &seen) { return found }
      for action in rule.actions {
        if let target = action.target, let found = search(target, source, place, &seen) {
          return found
        }
      }
      return decl.accountable.flatMap { search($0, source, place, &seen) }
    }
  }

  /// The `events per …` line of the file, for a policy of an event log.
  func events(_ source: Source) -> (Source, SourceRange)? {
    for file in program.files where file.source.file == source.file {
      for case .events(let decl) in file.items { return (source, decl.range) }
    }
    return nil
  }

  /// The first expression of `place`'s kind in `expr`, through the definitions it names.
  func search(_ expr: Expr, _ source: Source, _ place: SQLGap.Place, _ seen: inout Set<String>)
    -> (Source, SourceRange)?
  {
    if matches(expr.kind, place) { return (source, expr.range) }
    if case .name(let name) = expr.kind, let (definition, file) = definitions[name],
      seen.insert(name).inserted
    {
      return search(definition.value, file, place, &seen)
    }
    for child in children(expr.kind) {
      if let found = search(child, source, place, &seen) { return found }
    }
    return nil
  }

  func matches(_ kind: Expr.Kind, _ place: SQLGap.Place) -> Bool {
    switch (place, kind) {
    case (.call(let wanted), .call(let name, _)): return wanted == name
    case (.op(let wanted), .binary(let op, _, _)):
      return wanted == op || (wanted == .in && op == .notIn)
    case (.calendar, .inCalendar), (.calendar, .businessDays), (.paused, .pausedState),
      (.relation, .relation), (.cycle, .cycleState):
      return true
    default: return false
    }
  }

  func children(_ kind: Expr.Kind) -> [Expr] {
    switch kind {
    case .literal, .name, .quotedName, .now: return []
    case .member(let base, _): return [base]
    case .list(let items), .call(_, let items): return items
    case .unary(_, let operand), .isMissing(let operand, _), .relation(_, let operand),
      .businessDays(let operand), .inCalendar(let operand, _, _):
      return [operand]
    case .binary(_, let left, let right), .state(let left, let right),
      .filtered(let left, let right), .noneWithin(let left, let right),
      .cycleState(let left, let right, nil):
      return [left, right]
    case .between(let a, let b, let c), .pausedState(let a, let b, let c, nil),
      .cycleState(let a, let b, let c?):
      return [a, b, c]
    case .pausedState(let a, let b, let c, let d?): return [a, b, c, d]
    }
  }
}
