import VigilSyntax

/// Calendar windows of group policies and the texts of group findings, in SQL: a window is
/// known by its first day (days since 1970-01-01, as `CalendarWindow` knows it), computed
/// from an instant by integer arithmetic and, for months, the engine's exact dates (no zone
/// is involved: a DATE has none).
extension SQLText {
  /// The first day of the window of `period` holding the instant `ms` (milliseconds), in a
  /// zone whose offset from UTC is always `offset` milliseconds.
  package func windowStart(_ period: Window.Period, instant ms: String, offset: Int64) -> String {
    let local = offset == 0 ? ms : "(\(ms)) + \(offset)"
    return windowStart(period, day: floorDiv(local, 86_400_000))
  }

  /// The first day of the window of `period` holding the day `day`.
  package func windowStart(_ period: Window.Period, day: String) -> String {
    switch period {
    case .daily: return "(\(day))"
    case .weekly:
      // 1970-01-01 was a Thursday: Monday-based weekday 3.
      return "((\(day)) - (((\(day)) + 3) % 7 + 7) % 7)"
    case .monthly: return dialect.monthStart(day)
    }
  }

  /// The first day of the window before the one starting on `start`.
  package func previousWindow(_ period: Window.Period, start: String) -> String {
    switch period {
    case .daily: return "((\(start)) - 1)"
    case .weekly: return "((\(start)) - 7)"
    case .monthly: return dialect.monthStart("(\(start)) - 1")
    }
  }

  /// The window starting on `start` as reports name it: `2026-10-05`, `week of 2026-10-05`,
  /// `2026-10`.
  package func windowLabel(_ period: Window.Period, start: String) -> String {
    let date = formatTime("CAST(\(start) AS \(dialect.bigint)) * 86400000")
    switch period {
    case .daily: return "SUBSTR(\(date), 1, 10)"
    case .weekly: return "('week of ' || SUBSTR(\(date), 1, 10))"
    case .monthly: return "SUBSTR(\(date), 1, 7)"
    }
  }

  /// A fraction as `Measurement.percentText` writes it: a percentage rounded to two
  /// decimals, half away from zero (`0.23535` → `23.54%`), the same doubles computed.
  package func formatPercent(_ fraction: String) -> String {
    let scaled = "((\(fraction)) * 10000)"
    func halfUp(_ x: String) -> String {
      // x - FLOOR(x) is exact, where FLOOR(x + 0.5) can round up below one half.
      "(CASE WHEN \(x) - FLOOR(\(x)) >= 0.5 THEN FLOOR(\(x)) + 1 ELSE FLOOR(\(x)) END)"
    }
    let rounded =
      "(CASE WHEN \(scaled) < 0 THEN -\(halfUp("(-\(scaled))")) ELSE \(halfUp(scaled)) END)"
    return dialect.concat([
      formatNumber("(CAST(\(rounded) AS \(dialect.double)) / 100)"), "'%'",
    ])
  }
}
