import VigilCore
import VigilEvaluation

/// Values as people read them in the HTML report: counts with thousands separators,
/// durations rounded to what matters (`45m`, `61h12m`, `6d 5h`, `6,165d`).
package enum ReadableValues {
  /// `12480` as `12,480`.
  package static func count(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
      out.append(digit)
    }
    return (value < 0 ? "-" : "") + out
  }

  /// A duration rounded down for people: seconds under a minute, minutes under an hour,
  /// hours and minutes under three days, days and hours under ten days, else days.
  package static func duration(_ ms: Int64) -> String {
    if ms < 0 { return "-" + duration(-ms) }
    let (minute, hour, day): (Int64, Int64, Int64) = (60_000, 3_600_000, 86_400_000)
    switch ms {
    case ..<minute: return "\(ms / 1000)s"
    case ..<hour: return "\(ms / minute)m"
    case ..<(72 * hour):
      let minutes = ms % hour / minute
      return "\(ms / hour)h" + (minutes == 0 ? "" : "\(minutes)m")
    case ..<(10 * day):
      let hours = ms % day / hour
      return "\(ms / day)d" + (hours == 0 ? "" : " \(hours)h")
    default: return count(Int(ms / day)) + "d"
    }
  }

  /// A measured value as people read it: durations rounded (`duration`), shares as
  /// percentages, numbers as the audit shows them.
  package static func value(_ value: Value, percent: Bool = false) -> String {
    switch value {
    case .duration(let ms): return duration(ms)
    case .number(let number) where percent: return Measurement.percentText(number)
    default: return Operations.format(value)
    }
  }

  /// A rate and its denominator: `93.8% of 1,000`; `–` without one.
  package static func rate(_ fraction: Double?, of denominator: Int) -> String {
    fraction.map { "\(Measurement.percentText($0)) of \(count(denominator))" } ?? "–"
  }
}
