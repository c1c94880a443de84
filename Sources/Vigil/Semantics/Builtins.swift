import Foundation

/// A regular expression compiled once, when the policy is checked.
public final class CompiledRegex: @unchecked Sendable {
  // Regex values are immutable once built; matching does not mutate them.
  let regex: Regex<AnyRegexOutput>
  /// The pattern as written.
  public let pattern: String

  init(_ pattern: String) throws {
    self.regex = try Regex(pattern)
    self.pattern = pattern
  }

  /// Whether `text` holds a match.
  func matches(_ text: String) -> Bool {
    (try? regex.firstMatch(in: text)) != nil
  }
}

/// The builtin functions, resolved at check time. `time` carries its compiled pattern and zone.
enum Builtin: Sendable {
  case time(TimePattern, ZoneRules, pattern: String)
  case lower, upper, len, days, hours, minutes, coalesce

  /// Every builtin's name, for "did you mean".
  static let names = ["time", "lower", "upper", "len", "days", "hours", "minutes", "coalesce"]

  /// How each is called, for help lines.
  static func usage(_ name: String) -> String {
    switch name {
    case "time": return "time(field, \"MM/dd/yyyy hh:mm:ss a\", \"America/New_York\")"
    case "lower", "upper": return "\(name)(text)"
    case "len": return "len(text or list)"
    case "days", "hours", "minutes":
      return "\(name)(duration), e.g. \(name)(resolved_at - created_at)"
    case "coalesce": return "coalesce(a, b, …): the first value that is not missing"
    default: return name
    }
  }
}
