/// Writing durations the way policies and reports show them.
public enum DurationFormat {
  /// Writes a duration of `ms` milliseconds as hours, minutes and seconds: `61h12m`, `48h`,
  /// `1h30m`, `48h0m0.001s`, `45s`, `0s`, `-2h`.
  ///
  /// Hours are never folded into days. Seconds carry `.mmm` when the millisecond part is not
  /// zero. Zero components before the first and after the last nonzero one are dropped;
  /// zeros between them are kept. A negative duration is the positive one after a `-`.
  public static func format(_ ms: Int64) -> String {
    let magnitude = ms.magnitude
    let hours = magnitude / 3_600_000
    let minutes = magnitude / 60_000 % 60
    let millis = magnitude % 60_000  // seconds and their milliseconds
    if magnitude == 0 { return "0s" }
    let parts = [hours != 0, minutes != 0, millis != 0]
    let first = parts.firstIndex(of: true) ?? 2
    let last = parts.lastIndex(of: true) ?? 2
    var text = ms < 0 ? "-" : ""
    if first <= 0 && 0 <= last { text += "\(hours)h" }
    if first <= 1 && 1 <= last { text += "\(minutes)m" }
    if first <= 2 && 2 <= last { text += seconds(millis) }
    return text
  }

  /// `45s`, or `0.001s` / `12.500s` when there are milliseconds.
  private static func seconds(_ millis: UInt64) -> String {
    let fraction = millis % 1000
    guard fraction != 0 else { return "\(millis / 1000)s" }
    let padded = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
    return "\(millis / 1000).\(padded)s"
  }
}
