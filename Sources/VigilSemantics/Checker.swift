import VigilCore
import VigilSyntax

/// Resolves names, infers types and checks every policy of a set, producing a
/// `CheckedProgram` or the diagnostics that say why not.
///
/// Field types are inferred from their uses across the whole set (a field used as a time
/// anywhere is a time everywhere), so the checker runs its passes until the inferred types
/// stop changing, then once more to report.
package struct Checker {
  package struct DefinitionEntry {
    package var definition: Definition
    package var source: Source
  }

  package let files: [PolicyFile]
  /// Field paths seen in sample data (`vigil check --data`), if any.
  package let knownFields: Set<FieldPath>?
  package var definitions: [String: DefinitionEntry] = [:]
  package var definitionOrder: [String] = []
  package var fieldTypes: [FieldPath: ValueType] = [:]
  package var typesChanged = false
  package var diagnostics: [Diagnostic] = []
  package var reporting = false
  package var sites: [ComparisonSite] = []
  /// The definitions being expanded, innermost last: a cycle guard.
  package var expanding: [String] = []
  package var cyclic: Set<String> = []
  package var used: Set<String> = []
  /// The source of the text being checked.
  package var source: Source
  /// Whether the expression being checked read a field.
  package var readsField = false
  /// In a group policy's condition, actions and party: its keys and aggregates.
  package var groupScope: GroupScope?
  /// Inside an aggregate's argument (record-level again).
  package var aggregating = false
  /// Where the policies use the people directory (`file:line`), in order.
  package var directoryUses: [String] = []
  /// The same, to look one up.
  package var directoryUsesSeen: Set<String> = []
  /// Checking a definition's body on its own (not where a policy uses it).
  package var checkingDefinitionAlone = false
  /// The `each cycle in H` state of the record policy being checked, once met.
  package var recordCycles: CheckedRecordCycles?
  /// Whether the policy being checked wrote an `each cycle` state that is in error (already
  /// reported): its `cycles:` line is not reported besides.
  package var sawCycleError = false
  /// Checking the policies of a file with an `events` line (its number): they judge cases.
  package var eventsFile: Int?
  /// Inside a history's condition: its fields are not the sampled data's.
  package var knownFieldsSuspended = false
  /// The calendars, by name.
  package var calendars: [String: CalendarChoice] = [:]
  /// Calendars declared with errors (reported at the declaration, not again at each use).
  package var invalidCalendars: Set<String> = []
  /// Sampled fields whose values are all texts that are not numbers, with a few of them.
  package var sampledTexts: [FieldPath: [String]] = [:]
  /// The holidays files the calendars name, as the loader read them.
  package var holidayTexts: [HolidaysKey: HolidaysText] = [:]
  /// Whether to run the lints (Checker+Lints.swift) once the set has no errors; off when
  /// the files did not parse.
  package var lintsEnabled = true
  /// For `vigil explain`: what each part of each policy's condition was checked to.
  package var tracer: Tracer?
  /// The functions the embedder added, by name.
  package var functions: [String: FunctionDefinition] = [:]
  /// The definitions filed for "did you mean" (made at the first look-up, once the
  /// definitions are collected), and the answers given, by name.
  package var definitionIndex: SuggestionIndex?
  package var misspellings: [String: String?] = [:]
  /// How many definitions were weighed as what a field's name may be a typo of: the work of
  /// the suggestions, which grows with the names, not with the names times the definitions
  /// (`CheckerScalingTests`).
  package var definitionsWeighed = 0
  /// The diagnostics reported, by place, code and message: each is reported once (the
  /// warnings `allow:` drops are dropped from `diagnostics` only, and are never reported again).
  package var reported: [ReportKey: [Diagnostic]] = [:]

  package init(files: [PolicyFile], knownFields: Set<FieldPath>?) {
    self.files = files
    self.knownFields = knownFields
    self.source = files.first?.source ?? Source(text: "", file: "")
  }

  /// Checks the set: the program, or nil with errors among `diagnostics`.
  package mutating func check() -> CheckedProgram? {
    reporting = true
    collectDefinitions()
    collectCalendars()
    findCycles()
    reporting = false
    for _ in 0..<6 {
      typesChanged = false
      _ = checkPolicies()
      for name in definitionOrder { _ = checkDefinitionBody(name) }
      if !typesChanged { break }
    }
    reporting = true
    sites = []
    used = []
    directoryUses = []
    directoryUsesSeen = []
    let policies = checkPolicies()
    for name in definitionOrder {
      // Unused definitions are checked too, so their errors are found.
      _ = checkDefinitionBody(name)
    }
    reportUnusedDefinitions()
    if lintsEnabled && !diagnostics.contains(where: { $0.severity == .error }) {
      reportLints(policies)
    }
    applyAllows()
    diagnostics = Self.sorted(diagnostics, files: files)
    guard !diagnostics.contains(where: { $0.severity == .error }) else { return nil }
    var program = CheckedProgram(
      policies: policies, sites: sites, warnings: diagnostics, directoryUses: directoryUses,
      missingTexts: missingTexts(), traces: tracer?.trees ?? [])
    program.calendars = calendars.compactMapValues(\.fixed)
    return program
  }

  /// The texts the files' `missing` lines name, each once, in order.
  package func missingTexts() -> [String] {
    var texts: [String] = []
    for file in files {
      for case .missing(let named, _) in file.items {
        texts += named.filter { !texts.contains($0) && !$0.isEmpty }
      }
    }
    return texts
  }

  // MARK: - Definitions

  package mutating func collectDefinitions() {
    for file in files {
      for case .define(let definition) in file.items {
        if let first = definitions[definition.name] {
          report(
            .duplicateDefinition, "'\(definition.name)' is defined twice", definition.nameRange,
            in: file.source, help: "rename one of them, or remove one",
            notes: [note("first defined here", first.definition.nameRange, first.source)])
          continue
        }
        if Builtin.names.contains(definition.name) {
          report(
            .duplicateDefinition, "'\(definition.name)' is a builtin function",
            definition.nameRange, in: file.source, help: "choose another name")
        }
        definitions[definition.name] = DefinitionEntry(definition: definition, source: file.source)
        definitionOrder.append(definition.name)
      }
    }
  }

  /// Reports each cycle among definitions once, and remembers its members.
  package mutating func findCycles() {
    var state: [String: Int] = [:]  // 1: on the stack, 2: done
    var stack: [String] = []
    func visit(_ name: String, _ checker: inout Checker) {
      state[name] = 1
      stack.append(name)
      // INVARIANT: only names of definitions are visited.
      let entry = checker.definitions[name]!
      for reference in Checker.names(in: entry.definition.value)
      where checker.definitions[reference] != nil {
        if state[reference] == 1 {
          let cycle = Array(stack[stack.lastIndex(of: reference)!...]) + [reference]
          checker.reportCycle(cycle)
        } else if state[reference] == nil {
          visit(reference, &checker)
        }
      }
      stack.removeLast()
      state[name] = 2
    }
    for name in definitionOrder where state[name] == nil {
      visit(name, &self)
    }
  }

  package mutating func reportCycle(_ cycle: [String]) {
    cyclic.formUnion(cycle)
    // INVARIANT: a cycle names definitions only.
    let entry = definitions[cycle[0]]!
    let path = cycle.joined(separator: " → ")
    report(
      .cyclicDefinition, "definition '\(cycle[0])' refers to itself: \(path)",
      entry.definition.nameRange, in: entry.source,
      help: "a definition cannot depend on itself; break the cycle with a field or a literal")
  }

  /// The plain names an expression mentions (not inside backquotes).
  package static func names(in expr: Expr) -> [String] {
    switch expr.kind {
    case .name(let name): return [name]
    case .literal, .now, .quotedName: return []
    case .member(let base, _): return names(in: base)
    case .list(let items), .call(_, let items): return items.flatMap(names(in:))
    case .unary(_, let operand), .isMissing(let operand, _), .relation(_, let operand),
      .inCalendar(let operand, _, _), .businessDays(let operand):
      return names(in: operand)
    case .binary(_, let left, let right), .state(let left, let right),
      .filtered(let left, let right), .noneWithin(let left, let right),
      .cycleState(let left, let right, nil):
      return names(in: left) + names(in: right)
    case .between(let value, let low, let high), .pausedState(let value, let low, let high, nil),
      .cycleState(let value, let low, let high?):
      return names(in: value) + names(in: low) + names(in: high)
    case .pausedState(let value, let low, let high, let unless?):
      return names(in: value) + names(in: low) + names(in: high) + names(in: unless)
    }
  }

  /// Checks a definition's body standalone.
  package mutating func checkDefinitionBody(_ name: String) -> (CheckedExpr, ValueType)? {
    guard let entry = definitions[name], !cyclic.contains(name) else { return nil }
    let saved = source
    source = entry.source
    defer { source = saved }
    expanding.append(name)
    defer { expanding.removeLast() }
    // Aggregates are checked where a group policy uses the definition, not alone.
    checkingDefinitionAlone = true
    defer { checkingDefinitionAlone = false }
    return check(entry.definition.value, hint: nil)
  }

  package mutating func reportUnusedDefinitions() {
    for name in definitionOrder where !used.contains(name) && !cyclic.contains(name) {
      // INVARIANT: definitionOrder lists defined names.
      let entry = definitions[name]!
      report(
        .unusedDefinition, "'\(name)' is defined but never used", entry.definition.nameRange,
        in: entry.source, severity: .warning,
        help: "remove it, or use it in a policy")
    }
  }

  // MARK: - Policies

  package mutating func checkPolicies() -> [CheckedPolicy] {
    var policies: [CheckedPolicy] = []
    var names: [String: (SourceRange, Source)] = [:]
    for (fileNumber, file) in files.enumerated() {
      source = file.source
      let events = eventsDeclaration(in: file)
      eventsFile = events == nil ? nil : fileNumber
      defer { eventsFile = nil }
      for case .policy(let decl) in file.items {
        guard let policy = checkPolicy(events.map { caseDecl(decl, $0) } ?? decl) else { continue }
        if let first = names[policy.name] {
          report(
            .duplicatePolicy, "a policy named '\(policy.name)' already exists", decl.nameRange,
            help: "policy names identify violations in reports; give each policy its own",
            notes: [note("the first '\(policy.name)'", first.0, first.1)])
        } else {
          names[policy.name] = (decl.nameRange, file.source)
        }
        policies.append(policy)
      }
    }
    return policies
  }

  package mutating func checkPolicy(_ decl: PolicyDecl) -> CheckedPolicy? {
    guard let rule = decl.rule else { return nil }
    let line = source.line(of: rule.range.start)
    let location = "\(source.file):\(line)"
    if let grouping = decl.grouping {
      return checkGroupPolicy(decl, rule, grouping, location: location)
    }
    checkGroupClausesWithoutGrouping(decl)
    if decl.holderHistory == nil { reportHoldingOutsideCases(decl) }
    readsField = false
    recordCycles = nil
    sawCycleError = false
    let condition = checkCondition(rule.condition)
    let cycles = recordCycles
    recordCycles = nil
    if !readsField {
      report(
        .constantCondition, "this condition does not depend on the record", rule.condition.range,
        severity: .warning,
        help: "it fires for every record or for none; compare a field, e.g. type == \"complaint\"")
    }
    let actions = rule.actions.map { checkAction($0) }
    // A holder's field is a change's, not the record's.
    let holding = decl.holderHistory == nil ? nil : checkRecordHolding(decl, condition)
    let accountable = decl.holderHistory == nil ? decl.accountable.map { checkParty($0) } : nil
    var policy = CheckedPolicy(
      name: decl.name ?? location, location: location, severity: checkSeverity(decl),
      because: decl.because, condition: condition,
      conditionText: source.text(in: rule.condition.range), actions: actions,
      accountable: accountable)
    policy.recordCycles = checkCyclesChoice(decl, cycles)
    policy.recordHolding = holding
    if let warning = decl.warning {
      policy.warning = checkWarning(warning.limit, warning.range, condition)
    }
    policy.describe(decl, rule, source)
    return policy
  }

  package mutating func checkSeverity(_ decl: PolicyDecl) -> Severity {
    guard let (name, range) = decl.severity else { return .medium }
    if let severity = Severity(rawValue: name) { return severity }
    let names = Severity.allCases.map(\.rawValue)
    let suggestion = Suggestions.closest(to: name, in: names).map { "did you mean '\($0)'? " }
    report(
      .unknownSeverity, "unknown severity '\(name)'", range,
      help: (suggestion ?? "") + "severities are low, medium, high and critical")
    return .medium
  }

  package mutating func checkAction(_ action: Action) -> CheckedAction {
    var checked = CheckedAction(kind: action.kind, target: action.target.map { checkParty($0) })
    var previous: Int64 = 0
    for step in action.steps {
      let after = constantDuration(step.after, what: "'after'")
      if after <= previous && !checked.steps.isEmpty || after == 0 {
        report(
          .badArguments, "each level of an escalation comes later than the one before",
          step.after.range,
          help:
            "order the levels by their delays: then lead of team after 24h, then \"head\" after 72h"
        )
      }
      previous = after
      checked.steps.append(
        CheckedStep(
          target: checkParty(step.target), after: after,
          afterText: source.text(in: step.after.range)))
    }
    return checked
  }

  package mutating func checkParty(_ expr: Expr) -> CheckedExpr {
    let (checked, type) = check(expr, hint: nil)
    if type == .state || type == .bool {
      report(
        .typeMismatch, "a party must be a name, not \(type.article)", expr.range,
        help: "name a field (owner), a text (\"support-leads\") or a definition")
    }
    return checked
  }

  // MARK: - Reporting

  package mutating func report(
    _ code: DiagnosticCode, _ message: String, _ range: SourceRange, in source: Source? = nil,
    severity: DiagnosticSeverity = .error, help: String? = nil, notes: [Diagnostic.Note] = []
  ) {
    guard reporting else { return }
    let diagnostic = Diagnostic(
      severity, code, message, source: source ?? self.source, range: range, help: help,
      notes: notes)
    // The same diagnostic is reported once, however often its text is checked (a
    // definition's, at each use): found among those of the same place, code and message, not
    // by comparing it with every diagnostic reported.
    let key = ReportKey(
      file: diagnostic.source.file, range: range, code: code, message: message)
    guard reported[key]?.contains(diagnostic) != true else { return }
    reported[key, default: []].append(diagnostic)
    diagnostics.append(diagnostic)
  }

  /// Where, what and why of a diagnostic: what tells reported diagnostics apart cheaply (not
  /// the text of their files).
  package struct ReportKey: Hashable {
    var file: String
    var range: SourceRange
    var code: DiagnosticCode
    var message: String
  }

  package func note(_ message: String, _ range: SourceRange, _ source: Source) -> Diagnostic.Note {
    Diagnostic.Note(message: message, source: source, range: range)
  }

  /// Diagnostics in file order (as given), then by position.
  package static func sorted(_ diagnostics: [Diagnostic], files: [PolicyFile]) -> [Diagnostic] {
    var order: [String: Int] = [:]
    for (index, file) in files.enumerated() where order[file.source.file] == nil {
      order[file.source.file] = index
    }
    return diagnostics.enumerated().sorted { a, b in
      let fileA = order[a.element.source.file] ?? Int.max
      let fileB = order[b.element.source.file] ?? Int.max
      if fileA != fileB { return fileA < fileB }
      if a.element.range.start != b.element.range.start {
        return a.element.range.start < b.element.range.start
      }
      return a.offset < b.offset
    }.map(\.element)
  }
}
