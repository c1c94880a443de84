import Foundation
import VigilCore
import VigilSyntax

/// Checking calls of builtin functions.
extension Checker {
  package mutating func checkCall(
    _ name: String, _ arguments: [Expr], _ call: Expr
  ) -> (CheckedExpr, ValueType) {
    switch name {
    case "time": return checkTimeCall(arguments, call)
    case "lower", "upper":
      guard let (argument, type) = checkArguments(name, arguments, call, count: 1).first else {
        return (.constant(.null), .text)
      }
      expect(type, in: [.text, .any], arguments[0], "\(name)() takes a text")
      return (.call(name == "lower" ? .lower : .upper, [argument]), .text)
    case "len":
      guard let (argument, type) = checkArguments(name, arguments, call, count: 1).first else {
        return (.constant(.null), .number)
      }
      expect(type, in: [.text, .list, .any], arguments[0], "len() takes a text or a list")
      return (.call(.len, [argument]), .number)
    case "days", "hours", "minutes":
      guard
        let (argument, type) = checkArguments(
          name, arguments, call, count: 1, hint: .duration
        ).first
      else { return (.constant(.null), .number) }
      expect(type, in: [.duration, .any], arguments[0], "\(name)() takes a duration")
      let builtin: Builtin = name == "days" ? .days : name == "hours" ? .hours : .minutes
      return (.call(builtin, [argument]), .number)
    case "coalesce":
      return checkCoalesce(arguments, call)
    case _ where functions[name] != nil:
      // INVARIANT: just looked up.
      return checkCustomCall(functions[name]!, arguments, call)
    default:
      // In a group policy, the aggregates are functions too.
      let custom = functions.keys.sorted()
      let names = Builtin.names + custom + (groupScope != nil ? AggregateKind.names : [])
      let suggestion = Suggestions.closest(to: name, in: names)
      let functions = self.functions
      let usage = { (name: String) in
        if let function = functions[name] { return function.usage }
        return Builtin.names.contains(name) ? Builtin.usage(name) : AggregateKind.usage(name)
      }
      report(
        .unknownFunction, "no function named '\(name)'", call.range,
        help: suggestion.map { "did you mean '\($0)'? \(usage($0))" }
          ?? "the functions are \(names.joined(separator: ", "))")
      // In a group policy, probably a misspelt aggregate: its arguments are record-level, and
      // the policy is not also told it has no aggregate.
      let wasAggregating = aggregating
      if groupScope != nil {
        aggregating = true
        groupScope!.sawUnknownFunction = true
      }
      for argument in arguments { _ = check(argument, hint: nil) }
      aggregating = wasAggregating
      return (.constant(.null), .any)
    }
  }

  /// A call of a function the embedder added: its arguments' number and types, as declared.
  package mutating func checkCustomCall(
    _ function: FunctionDefinition, _ arguments: [Expr], _ call: Expr
  ) -> (CheckedExpr, ValueType) {
    let checked = arguments.enumerated().map { index, argument in
      let declared = index < function.arguments.count ? function.arguments[index] : .any
      return check(argument, hint: declared == .any ? nil : declared)
    }
    guard arguments.count == function.arguments.count else {
      let count = function.arguments.count
      report(
        .badArguments,
        "\(function.name)() takes \(count) argument\(count == 1 ? "" : "s"), not \(arguments.count)",
        call.range, help: function.usage)
      return (.constant(.null), function.result)
    }
    for (index, declared) in function.arguments.enumerated() where declared != .any {
      expect(
        checked[index].1, in: [declared, .any, .null], arguments[index],
        "\(function.name)() takes \(declared.article) as its argument \(index + 1)")
    }
    return (.call(.custom(function), checked.map(\.0)), function.result)
  }

  package mutating func checkArguments(
    _ name: String, _ arguments: [Expr], _ call: Expr, count: Int, hint: ValueType? = nil
  ) -> [(CheckedExpr, ValueType)] {
    let checked = arguments.map { check($0, hint: hint) }
    guard arguments.count == count else {
      report(
        .badArguments,
        "\(name)() takes \(count) argument\(count == 1 ? "" : "s"), not \(arguments.count)",
        call.range, help: Builtin.usage(name))
      return []
    }
    return checked
  }

  package mutating func expect(
    _ type: ValueType, in allowed: [ValueType], _ argument: Expr, _ message: String
  ) {
    guard !allowed.contains(type) else { return }
    report(
      .badArguments, "\(message), not \(type.article)", argument.range)
  }

  package mutating func checkCoalesce(_ arguments: [Expr], _ call: Expr) -> (CheckedExpr, ValueType)
  {
    guard !arguments.isEmpty else {
      report(
        .badArguments, "coalesce() needs at least one argument", call.range,
        help: Builtin.usage("coalesce"))
      return (.constant(.null), .any)
    }
    let checked = arguments.map { check($0, hint: nil) }
    let types = Set(checked.map(\.1)).subtracting([.null])
    let type = types.count == 1 ? types.first ?? .any : .any
    return (.call(.coalesce, checked.map(\.0)), type)
  }

  package mutating func checkTimeCall(_ arguments: [Expr], _ call: Expr) -> (CheckedExpr, ValueType)
  {
    let checked = checkArguments("time", arguments, call, count: 3)
    guard checked.count == 3 else { return (.constant(.null), .time) }
    guard case .literal(.text(let patternText)) = arguments[1].kind else {
      report(
        .badArguments, "time()'s pattern must be written in quotes", arguments[1].range,
        help: Builtin.usage("time"))
      return (.constant(.null), .time)
    }
    guard case .literal(.text(let zoneName)) = arguments[2].kind else {
      report(
        .badArguments, "time()'s zone must be written in quotes", arguments[2].range,
        help: Builtin.usage("time"))
      return (.constant(.null), .time)
    }
    let pattern: TimePattern
    do {
      pattern = try TimePattern(patternText)
    } catch {
      report(
        .invalidTimePattern, "invalid time pattern: \(error.message)", arguments[1].range,
        help: "patterns use Unicode letters: yyyy MM dd HH mm ss, hh with a for AM/PM")
      return (.constant(.null), .time)
    }
    guard let zone = zoneRules(zoneName, arguments[2].range) else {
      return (.constant(.null), .time)
    }
    return (.call(.time(pattern, zone, pattern: patternText), [checked[0].0]), .time)
  }

  /// The rules of the IANA zone `name`; nil, with an error (and a did-you-mean), when there is
  /// no such zone.
  package mutating func zoneRules(_ name: String, _ range: SourceRange) -> ZoneRules? {
    if let rules = ZoneRules(identifier: name) { return rules }
    let close = Suggestions.closest(to: name, in: TimeZone.knownTimeZoneIdentifiers)
    report(
      .unknownZone, "unknown time zone '\(name)'", range,
      help: close.map { "did you mean '\($0)'?" }
        ?? "use an IANA zone name such as \"America/New_York\", \"Europe/Rome\" or \"UTC\"")
    return nil
  }
}
