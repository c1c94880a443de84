import Foundation
import Vigil
import VigilCore
import VigilReports

/// `--now`, as `audit`, `explain` and `diff` read it: an ISO-8601 instant with an offset, or a
/// date, meaning the start of that day in UTC; without it, the clock. The help text and every
/// message name only forms this parser accepts.
enum NowOption {
  /// The option, for each command's `--help`.
  static let spec = OptionSpec(
    name: "now", value: "TIME",
    help: "The audit instant: 2026-11-25T00:00:00Z (any offset), or a date, 2026-11-25, "
      + "for the start of that day in UTC (default: the clock).")

  /// The instant `--now` names (`text`), and how it was chosen; the clock's time without it.
  static func parse(
    _ text: String?, clock: () -> Int64
  ) throws(UsageError) -> (now: Int64, source: AuditProvenance.NowSource) {
    guard let text else { return (clock(), .clock) }
    if let day = TimeParsing.startOfDay(text) { return (day, .date(text, by: "--now")) }
    switch TimeParsing.parseISO8601(text) {
    case .time(let instant): return (instant, .given(text, by: "--now"))
    case .missingOffset:
      throw UsageError(
        "--now '\(text)' has no time zone offset: add Z for UTC (\(text)Z) or an offset "
          + "(\(text)+01:00)")
    case .invalid:
      throw UsageError(
        "--now '\(text)' is not an instant or a date: give 2026-11-25T00:00:00Z (any offset), "
          + "or 2026-11-25 for the start of that day in UTC")
    }
  }

  /// The system clock, in milliseconds since the epoch.
  static func systemClock() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
  }
}
