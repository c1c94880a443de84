import VigilSyntax

@testable import Vigil

/// A parsed file as text without any source range: every statement, every policy line and
/// calendar line, each expression as an S-expression. Two files with the same shape mean the
/// same thing.
func fileShape(_ file: PolicyFile) -> [String] {
  file.items.map(itemShape)
}

private func itemShape(_ item: Item) -> String {
  switch item {
  case .include(let include): return "(include \"\(include.path)\")"
  case .define(let definition): return "(define \(definition.name) \(sexpr(definition.value)))"
  case .policy(let policy): return policyShape(policy)
  case .calendar(let calendar): return calendarShape(calendar)
  case .events(let events): return "(events \(groupingShape(events.grouping)))"
  case .missing(let texts, _):
    return "(missing \(texts.map { "\"\($0)\"" }.joined(separator: " ")))"
  }
}

private func policyShape(_ policy: PolicyDecl) -> String {
  var parts = ["policy \(policy.name ?? "-")"]
  if let rule = policy.rule { parts.append(ruleShape(rule)) }
  if let severity = policy.severity { parts.append("severity \(severity.name)") }
  if let because = policy.because { parts.append("because \"\(because)\"") }
  if !policy.allowed.isEmpty {
    parts.append("allow " + policy.allowed.map(\.code).joined(separator: ","))
  }
  if let party = policy.accountable { parts.append("accountable \(sexpr(party))") }
  if let grouping = policy.grouping { parts.append(groupingShape(grouping)) }
  if let scope = policy.scope { parts.append("among \(sexpr(scope))") }
  if let minimum = policy.minimum {
    parts.append("at-least \(minimum.count) \(minimum.noun ?? "-")")
  }
  if let followUp = policy.followUp {
    parts.append("followed-by \(sexpr(followUp.predicate)) \(sexpr(followUp.within))")
  }
  if let warning = policy.warning { parts.append("warn \(sexpr(warning.limit))") }
  return "(" + parts.joined(separator: " | ") + ")"
}

private func ruleShape(_ rule: Rule) -> String {
  let actions = rule.actions.map { action in
    var text = action.kind.rawValue
    if let target = action.target { text += " " + sexpr(target) }
    for step in action.steps { text += " then \(sexpr(step.target)) after \(sexpr(step.after))" }
    return text
  }
  return "(rule \(sexpr(rule.condition)) → \(actions.joined(separator: ", ")))"
}

private func groupingShape(_ grouping: Grouping) -> String {
  var parts = grouping.keys.map(sexpr)
  if let window = grouping.window {
    parts.append(
      "\(window.period.rawValue) \(sexpr(window.time)) \(window.zone.map { $0.name } ?? "-")")
  }
  if let order = grouping.order { parts.append("ordered \(sexpr(order))") }
  return "(per \(parts.joined(separator: ", ")))"
}

private func calendarShape(_ calendar: CalendarDecl) -> String {
  var parts = ["calendar \(calendar.name)"]
  for hours in calendar.hours {
    parts.append("hours \(hours.days) \(hours.intervals)")
  }
  if let zone = calendar.zone { parts.append("zone \(zone.name)") }
  parts.append("holidays \(calendar.holidays.map(\.date))")
  parts.append("files \(calendar.holidayFiles.map(\.path))")
  if let selector = calendar.selector { parts.append("by \(sexpr(selector))") }
  for choice in calendar.choices { parts.append("\"\(choice.value)\" → \(choice.calendar)") }
  if let fallback = calendar.fallback { parts.append("otherwise → \(fallback.calendar)") }
  return "(" + parts.joined(separator: " | ") + ")"
}
