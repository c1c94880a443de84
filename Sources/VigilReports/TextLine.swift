import VigilCore

/// A finding's line in a text report holds no control character: a record id, a party or a
/// value with a line break in it would otherwise end the line early, and a terminal would act
/// on an escape sequence. Each is written as the policy language writes it in a string
/// (`\n`, `\r`, `\t`, else `\u{1B}`); every other byte is left as it is.
package enum TextLine {
  /// Rewrites the bytes written from `start` on with their control characters escaped.
  package static func seal<Out: ByteWriting & ~Copyable>(from start: Int, in out: inout Out) {
    let needsWork = out.withWritten(from: start) { TextScan.containsControl($0) }
    guard needsWork else { return }
    let text = out.withWritten(from: start) { Array($0) }
    out.truncate(to: start)
    for byte in text { appendEscaped(byte, to: &out) }
  }

  /// `text` with its control characters escaped, as `seal(from:in:)` writes them.
  package static func escaped(_ text: String) -> String {
    var bytes = Array(text.utf8)
    seal(from: 0, in: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func appendEscaped<Out: ByteWriting & ~Copyable>(_ byte: UInt8, to out: inout Out)
  {
    switch byte {
    case UInt8(ascii: "\n"): out.append("\\n")
    case UInt8(ascii: "\r"): out.append("\\r")
    case UInt8(ascii: "\t"): out.append("\\t")
    case 0..<0x20, 0x7F:
      let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
      out.append("\\u{")
      if byte >= 0x10 { out.append(hex[Int(byte >> 4)]) }
      out.append(hex[Int(byte & 0xF)])
      out.append("}")
    default: out.append(byte)
    }
  }
}
