import Foundation
import VigilCore

/// The builtin functions, resolved at check time. `time` carries its compiled pattern and zone.
package enum Builtin: Sendable {
  case time(TimePattern, ZoneRules, pattern: String)
  case lower, upper, len, days, hours, minutes, coalesce
  /// A function the embedder added.
  case custom(FunctionDefinition)

  /// Every builtin's name, for "did you mean".
  package static let names = [
    "time", "lower", "upper", "len", "days", "hours", "minutes", "coalesce",
  ]

  /// How each is called, for help lines.
  package static func usage(_ name: String) -> String {
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
