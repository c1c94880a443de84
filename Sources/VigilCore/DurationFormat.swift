/// Writing durations the way policies and reports show them.
package enum DurationFormat {
  /// Writes a duration of `ms` milliseconds as hours, minutes and seconds: `61h12m`, `48h`,
  /// `1h30m`, `48h0m0.001s`, `45s`, `0s`, `-2h`.
  ///
  /// Hours are never folded into days. Seconds carry `.mmm` when the millisecond part is not
  /// zero. Zero components before the first and after the last nonzero one are dropped;
  /// zeros between them are kept. A negative duration is the positive one after a `-`.
  package static func format(_ ms: Int64) -> String {
    var bytes = ByteBuffer(capacity: 32)
    append(ms, to: &bytes)
    return bytes.withWritten(from: 0) { String(decoding: $0, as: UTF8.self) }
  }

  /// Appends `format(ms)` to `out`, as UTF-8.
  package static func append(_ ms: Int64, to out: inout [UInt8]) {
    out.append(buffered: { append(ms, to: &$0) })
  }

  /// Appends `format(ms)` to `out`, as UTF-8.
  package static func append(_ ms: Int64, to out: inout ByteBuffer) {
    let magnitude = ms.magnitude
    let hours = magnitude / 3_600_000
    let minutes = magnitude / 60_000 % 60
    let millis = magnitude % 60_000  // seconds and their milliseconds
    if magnitude == 0 {
      out.append(UInt8(ascii: "0"))
      out.append(UInt8(ascii: "s"))
      return
    }
    let first = hours != 0 ? 0 : minutes != 0 ? 1 : 2
    let last = millis != 0 ? 2 : minutes != 0 ? 1 : 0
    if ms < 0 { out.append(UInt8(ascii: "-")) }
    if first <= 0 {
      appendDecimal(hours, to: &out)
      out.append(UInt8(ascii: "h"))
    }
    if first <= 1 && 1 <= last {
      appendDecimal(minutes, to: &out)
      out.append(UInt8(ascii: "m"))
    }
    if 2 <= last {
      appendDecimal(millis / 1000, to: &out)
      let fraction = millis % 1000
      if fraction != 0 {
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "0") + UInt8(fraction / 100))
        out.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(fraction % 10))
      }
      out.append(UInt8(ascii: "s"))
    }
  }

  private static func appendDecimal(_ value: UInt64, to out: inout ByteBuffer) {
    if value >= 10 { appendDecimal(value / 10, to: &out) }
    out.append(UInt8(ascii: "0") + UInt8(value % 10))
  }
}
