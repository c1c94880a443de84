/// Where the cursor stands, for completion: which keywords may stand there, and whether an
/// expression may (definitions, calendars, builtins, fields). Decided from the text, so that a
/// half-typed file gets it too: the cursor's line before it, its indentation, and the header
/// of the block it is in (the nearest line above with less indentation, blank lines and
/// comments skipped).
enum CompletionContext: Equatable {
  /// The start of a top-level line: a statement, or a bare rule.
  case statement
  /// The start of a line in a policy block: a property, or the rule.
  case policyLine
  /// The start of a line in a calendar (`versions`: at its top, where `from "DATE":` may
  /// stand) or in one of its versions.
  case calendarLine(versions: Bool)
  /// The start of a line of a `calendar NAME by …:` (its choices).
  case choice
  /// After `severity:`.
  case severity
  /// After `cycles:`.
  case cycles
  /// After the party of `accountable:`: the holder it names, or the party's expression
  /// going on.
  case holder
  /// In a `per` line.
  case grouping
  /// After the arrow: the actions.
  case action
  /// Inside an expression.
  case expression
  /// In a comment, a string, or after `include` or `missing`: nothing to complete.
  case none

  /// The keywords that may stand there, in the order offered.
  var keywords: [String] {
    switch self {
    case .statement:
      ["policy", "define", "calendar", "include", "events", "missing"] + Self.expressionStart
    case .policyLine:
      [
        "severity:", "because:", "accountable:", "allow:", "per", "among", "at least", "warn at",
        "unless followed by", "cycles:",
      ] + Self.expressionStart
    case .calendarLine(let versions): Self.days + ["zone", "holidays"] + (versions ? ["from"] : [])
    case .choice: ["otherwise"]
    case .severity: ["low", "medium", "high", "critical"]
    case .cycles: ["every", "first", "last"]
    case .grouping: ["daily", "weekly", "monthly", "ordered by", "by", "in"]
    case .action: ["escalate to", "notify", "flag", "then", "after"]
    case .holder: ["at breach", "held longest", "by share"] + Self.expression.keywords
    case .expression:
      [
        "and", "or", "not", "in", "contains", "matches", "between", "is", "is not", "missing",
        "present", "from", "until", "paused in", "while", "where", "within", "no",
        "business days", "of",
      ] + Self.expressionStart.filter { $0 != "not" && $0 != "no" && $0 != "from" }
    case .none: []
    }
  }

  /// Whether an expression may stand there: definitions, calendars, builtins and fields are
  /// offered.
  var takesNames: Bool {
    switch self {
    case .statement, .policyLine, .grouping, .action, .expression, .holder: true
    case .calendarLine, .choice, .severity, .cycles, .none: false
    }
  }

  /// The keywords an expression may start with.
  static let expressionStart = [
    "not", "no", "from", "now", "true", "false", "null", "manager of", "team of", "role of",
    "email of", "lead of", "each cycle from",
  ]
  static let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

  /// The context at byte `offset` of `text`, whose word being typed starts at `wordStart`.
  static func at(_ text: [UInt8], offset: Int, wordStart: Int) -> CompletionContext {
    let lineStart = text[..<offset].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
    let line = String(decoding: text[lineStart..<wordStart], as: UTF8.self)
    let indent = line.prefix { $0 == " " || $0 == "\t" }.count
    let written = line.dropFirst(indent)
    if Self.inCommentOrString(written) { return .none }
    let first = written.prefix { $0 != " " && $0 != ":" }
    if written.contains("→") || written.contains("->") { return .action }
    if indent == 0 {
      if written.isEmpty { return .statement }
      return first == "include" || first == "missing" ? .none : .expression
    }
    let header = Self.header(text, before: lineStart, indent: indent)
    let headerFirst = header.prefix { $0 != " " && $0 != ":" }
    switch headerFirst {
    case "calendar":
      if header.contains(" by ") { return written.isEmpty ? .choice : .none }
      return written.isEmpty ? .calendarLine(versions: true) : .none
    case "from" where header.hasSuffix(":"):
      return written.isEmpty ? .calendarLine(versions: false) : .none
    case "policy":
      if written.isEmpty { return .policyLine }
      switch first {
      case "severity": return .severity
      case "cycles": return .cycles
      case "accountable":
        let party = written.dropFirst("accountable:".count).drop { $0 == " " || $0 == "\t" }
        return party.isEmpty ? .expression : .holder
      case "because", "allow": return .none
      case "per": return .grouping
      default: return .expression
      }
    default:
      return .expression
    }
  }

  /// Whether the line so far ends inside a comment or a string.
  static func inCommentOrString(_ written: Substring) -> Bool {
    var inString = false
    for character in written {
      if character == "\"" { inString.toggle() }
      if character == "#" && !inString { return true }
    }
    return inString
  }

  /// The first line above `lineStart` indented less than `indent` (blank lines and comments
  /// skipped), trimmed: the header of the block a line is in.
  static func header(_ text: [UInt8], before lineStart: Int, indent: Int) -> Substring {
    var end = lineStart - 1
    while end > 0 {
      let start = text[..<end].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
      let line = Substring(String(decoding: text[start..<end], as: UTF8.self))
      let own = line.prefix { $0 == " " || $0 == "\t" }.count
      let content = line.dropFirst(own)
      end = start - 1
      guard !content.isEmpty, !content.hasPrefix("#") else { continue }
      if own < indent {
        let trimmed = content.reversed().drop { $0 == " " || $0 == "\r" }.reversed()
        return Substring(String(trimmed))
      }
    }
    return ""
  }
}
