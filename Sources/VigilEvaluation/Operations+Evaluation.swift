import VigilCore
import VigilRegex
import VigilSemantics
import VigilSyntax

/// The operations of the language on values, with the reading rules of DESIGN.md: a text is
/// read as a time where a time is wanted and as a number where a number is; a missing
/// operand makes the result unknown; a value that cannot be read is a data error.
extension Operations {
  // MARK: - Reading values

  /// A field's value read as a time: a text is read as ISO-8601, an empty text is missing.
  package static func readTime(_ value: Value, _ label: String, _ frame: Frame) -> Value {
    switch value {
    case .time, .null: return value
    case .text(let text):
      if text.isEmpty { return .null }
      switch TimeParsing.parseISO8601(text) {
      case .time(let instant): return .time(instant)
      case .missingOffset:
        frame.fail(
          label, value, "'\(text)' has no time zone offset",
          help:
            "add Z or an offset to the data, or read it with time(\(label), \"\(guessPattern(text))\", \"Zone/Name\")"
        )
        return .null
      case .invalid:
        frame.fail(
          label, value, "cannot read '\(text)' as a time",
          help: "times are ISO-8601, e.g. 2026-11-25T09:30:00Z; other layouts need time(…)")
        return .null
      }
    default:
      frame.fail(label, value, "expected a time, found \(describe(value))")
      return .null
    }
  }

  /// A pattern that reads an ISO-like local time such as `2026-11-20 09:30`, for help lines.
  package static func guessPattern(_ text: String) -> String {
    let parts = text.split(separator: text.contains("T") ? "T" : " ", maxSplits: 1)
    var pattern = "yyyy-MM-dd"
    guard parts.count == 2 else { return pattern }
    pattern += text.contains("T") ? "'T'" : " "
    let time = parts[1]
    let colons = time.filter { $0 == ":" }.count
    pattern += colons >= 2 ? "HH:mm:ss" : colons == 1 ? "HH:mm" : "HH"
    if let dot = time.firstIndex(where: { $0 == "." || $0 == "," }) {
      pattern +=
        String(time[dot])
        + String(repeating: "S", count: time.distance(from: dot, to: time.endIndex) - 1)
    }
    return pattern
  }

  /// A value where a time is needed (a state's bound).
  package static func asTime(_ value: Value, _ label: String, _ frame: Frame) -> Value {
    if case .text = value { return readTime(value, label, frame) }
    if case .time = value { return value }
    if case .null = value { return value }
    frame.fail(label, value, "expected a time, found \(describe(value))")
    return .null
  }

  /// `time(text, pattern, zone)`.
  package static func readTime(
    _ value: Value, pattern: TimePattern, text patternText: String, _ zone: ZoneRules,
    _ frame: Frame
  ) -> Value {
    switch value {
    case .null, .time: return value
    case .text(let text):
      if text.isEmpty { return .null }
      if let instant = pattern.parse(text, zone: zone) { return .time(instant) }
      frame.fail(
        "time()", value, "cannot read '\(text)' with the pattern \"\(patternText)\"",
        help: "check the pattern against the data")
      return .null
    default:
      frame.fail("time()", value, "expected a text to read as a time, found \(describe(value))")
      return .null
    }
  }

  package static func isMissingRaw(_ value: Value, emptyIsMissing: Bool) -> Bool {
    switch value {
    case .null: return true
    case .text(let text): return emptyIsMissing && text.isEmpty
    default: return false
    }
  }

  // MARK: - Comparison

  /// `a op b`: nil when unknown (a missing operand, or one that could not be read).
  package static func compare(
    _ op: BinaryOperator, _ a: Value, _ b: Value, _ label: String, _ frame: Frame
  ) -> Bool? {
    guard let order = order(a, b, label, frame, equalityOnly: op == .equal || op == .notEqual)
    else { return nil }
    return holds(op, order)
  }

  /// Whether comparison `op` holds for operands whose order is `order` (-1, 0 or 1).
  @inline(__always)
  package static func holds(_ op: BinaryOperator, _ order: Int) -> Bool {
    switch op {
    case .equal: return order == 0
    case .notEqual: return order != 0
    case .less: return order < 0
    case .lessEqual: return order <= 0
    case .greater: return order > 0
    case .greaterEqual: return order >= 0
    default: return false
    }
  }

  /// -1, 0 or 1; nil when unknown or incomparable (then a data error is recorded).
  package static func order(
    _ a: Value, _ b: Value, _ label: String, _ frame: Frame, equalityOnly: Bool
  ) -> Int? {
    switch (a, b) {
    case (.null, _), (_, .null): return nil
    case (.number(let x), .number(let y)): return sign(x, y)
    case (.time(let x), .time(let y)), (.duration(let x), .duration(let y)): return sign(x, y)
    case (.text(let x), .text(let y)): return textOrder(x, y)
    case (.bool(let x), .bool(let y)) where equalityOnly: return x == y ? 0 : 1
    case (.list, .list), (.record, .record):
      if equalityOnly { return a == b ? 0 : 1 }
    case (.text, _):
      guard let converted = convert(a, like: b, label, frame) else { return nil }
      return order(converted, b, label, frame, equalityOnly: equalityOnly)
    case (_, .text):
      guard let converted = convert(b, like: a, label, frame) else { return nil }
      return order(a, converted, label, frame, equalityOnly: equalityOnly)
    default: break
    }
    frame.fail(label, a, "cannot compare \(describe(a)) with \(describe(b))")
    return nil
  }

  /// A text read as the kind of `model`: a number, a time, a duration or a truth value.
  package static func convert(_ text: Value, like model: Value, _ label: String, _ frame: Frame)
    -> Value?
  {
    guard case .text(let string) = text else { return nil }
    switch model {
    case .number:
      if let number = NumberText.number(string) { return .number(number) }
      frame.fail(label, text, "cannot read '\(string)' as a number")
    case .time:
      let read = readTime(text, label, frame)
      return read.isMissing ? nil : read
    case .duration:
      if let duration = DurationText.parse(string) { return .duration(duration) }
      frame.fail(
        label, text, "cannot read '\(string)' as a duration", help: "durations look like 1h30m")
    case .bool:
      switch string.lowercased() {
      case "true": return .bool(true)
      case "false": return .bool(false)
      default: frame.fail(label, text, "cannot read '\(string)' as true or false")
      }
    default:
      frame.fail(label, text, "cannot compare \(describe(text)) with \(describe(model))")
    }
    return nil
  }

  package static func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x == y ? 0 : (x < y ? -1 : 1) }

  // MARK: - Arithmetic

  package static func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value, _ frame: Frame)
    -> Value
  {
    switch (op, a, b) {
    case (_, .null, _), (_, _, .null): return .null
    case (.minus, .time(let x), .time(let y)): return .duration(x - y)
    case (.plus, .time(let x), .duration(let y)), (.plus, .duration(let y), .time(let x)):
      return .time(x + y)
    case (.minus, .time(let x), .duration(let y)): return .time(x - y)
    case (.plus, .duration(let x), .duration(let y)): return .duration(x + y)
    case (.minus, .duration(let x), .duration(let y)): return .duration(x - y)
    case (.times, .duration(let d), .number(let n)), (.times, .number(let n), .duration(let d)):
      return .duration(Int64((Double(d) * n).rounded()))
    case (.divide, .duration(let d), .number(let n)):
      guard n != 0 else { return divisionByZero(a, frame) }
      return .duration(Int64((Double(d) / n).rounded()))
    case (.divide, .duration(let x), .duration(let y)):
      guard y != 0 else { return divisionByZero(a, frame) }
      return .number(Double(x) / Double(y))
    case (_, .number(let x), .number(let y)): return numeric(op, x, y, a, frame)
    case (.plus, .text(let x), .text(let y)) where !(isTimeText(x) && isTimeText(y)):
      return .text(x + y)
    case (_, .text, .time), (_, .text, .duration), (_, .text, .number):
      guard let converted = convert(a, like: b, "arithmetic", frame) else { return .null }
      return arithmetic(op, converted, b, frame)
    case (_, .time, .text), (_, .duration, .text), (_, .number, .text):
      guard let converted = convert(b, like: a, "arithmetic", frame) else { return .null }
      return arithmetic(op, a, converted, frame)
    case (.minus, .text, .text):
      // Two texts subtracted: both are read as times.
      let x = readTime(a, "arithmetic", frame)
      let y = readTime(b, "arithmetic", frame)
      if x.isMissing || y.isMissing { return .null }
      return arithmetic(op, x, y, frame)
    default:
      frame.fail(
        "arithmetic", a, "cannot compute \(describe(a)) \(op.rawValue) \(describe(b))")
      return .null
    }
  }

  package static func isTimeText(_ text: String) -> Bool {
    if case .time = TimeParsing.parseISO8601(text) { return true }
    return false
  }

  package static func numeric(
    _ op: BinaryOperator, _ x: Double, _ y: Double, _ a: Value, _ frame: Frame
  ) -> Value {
    switch op {
    case .plus: return .number(x + y)
    case .minus: return .number(x - y)
    case .times: return .number(x * y)
    default:
      guard y != 0 else { return divisionByZero(a, frame) }
      return .number(x / y)
    }
  }

  package static func divisionByZero(_ value: Value, _ frame: Frame) -> Value {
    frame.fail("arithmetic", value, "division by zero")
    return .null
  }

  package static func negate(_ value: Value, _ frame: Frame) -> Value {
    switch value {
    case .null: return .null
    case .number(let x): return .number(-x)
    case .duration(let x): return .duration(-x)
    case .text(let text):
      if let number = NumberText.number(text) { return .number(-number) }
    default: break
    }
    frame.fail("negation", value, "cannot negate \(describe(value))")
    return .null
  }

  // MARK: - Lists and texts

  package static func contains(_ container: Value, _ element: Value, _ frame: Frame) -> Value {
    switch (container, element) {
    case (.null, _), (_, .null): return .null
    case (.list(let items), _): return .bool(items.contains { looselyEqual($0, element) })
    case (.text(let text), .text(let part)): return .bool(text.contains(part))
    default:
      frame.fail(
        "contains", container, "cannot look for \(describe(element)) in \(describe(container))")
      return .null
    }
  }

  package static func matches(_ value: Value, _ regex: CompiledRegex, _ frame: Frame) -> Value {
    switch value {
    case .null: return .null
    case .text(let text): return .bool(regex.matches(text))
    case .number: return .bool(regex.matches(format(value)))
    default: return checkMatches(value, frame)
    }
  }

  /// `matches` as a second look: the data error of a value that is not a text, without
  /// running the regular expression (a match cannot meet one).
  package static func checkMatches(_ value: Value, _ frame: Frame) -> Value {
    switch value {
    case .null, .text, .number: return .null
    default:
      frame.fail("matches", value, "expected a text to match, found \(describe(value))")
      return .null
    }
  }

  // MARK: - Builtins

  package static func call(_ builtin: Builtin, _ value: Value, _ frame: Frame) -> Value {
    if value.isMissing { return .null }
    switch (builtin, value) {
    case (.lower, .text(let text)): return .text(text.lowercased())
    case (.upper, .text(let text)): return .text(text.uppercased())
    case (.len, .text(let text)): return .number(Double(text.count))
    case (.len, .list(let items)): return .number(Double(items.count))
    case (.days, .duration(let ms)): return .number(Double(ms) / 86_400_000)
    case (.hours, .duration(let ms)): return .number(Double(ms) / 3_600_000)
    case (.minutes, .duration(let ms)): return .number(Double(ms) / 60_000)
    case (.days, .text), (.hours, .text), (.minutes, .text):
      guard let converted = convert(value, like: .duration(0), "\(builtin)", frame) else {
        return .null
      }
      return call(builtin, converted, frame)
    default:
      frame.fail("\(builtin)()", value, "cannot apply \(builtin)() to \(describe(value))")
      return .null
    }
  }

  // MARK: - The directory

  /// What the directory says of a person (or, for `lead`, of a team): missing when the
  /// directory leaves it blank, a data error when the person or team is not in it.
  package static func relation(
    _ relation: Relation, _ value: Value, _ label: String, _ frame: Frame
  )
    -> Value
  {
    let name: String
    switch value {
    case .null: return .null
    case .text(let text):
      if text.isEmpty { return .null }
      name = text
    case .number: name = format(value)
    default:
      frame.fail(label, value, "expected a name, found \(describe(value))")
      return .null
    }
    guard let directory = frame.directory else {
      frame.fail(
        label, value, "no people directory was given", help: "give the audit a people directory")
      return .null
    }
    if relation == .lead {
      guard let lead = directory.lead(of: name) else {
        frame.fail(
          label, value, "team '\(name)' has no lead in the directory",
          help: "give one of its people the role lead")
        return .null
      }
      return .text(lead)
    }
    guard let person = directory.person(name) else {
      frame.fail(
        label, value, "'\(name)' is not in the directory", help: "add them to the directory file")
      return .null
    }
    let answer: String?
    switch relation {
    case .manager: answer = person.manager
    case .team: answer = person.team
    case .role: answer = person.role
    case .email: answer = person.email
    case .lead: answer = nil
    }
    return answer.map { .text($0) } ?? .null
  }

}
