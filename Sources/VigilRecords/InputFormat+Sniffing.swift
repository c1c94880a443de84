/// Telling JSON Lines from CSV by the first bytes, for standard input, which has no extension.
extension InputFormat {
  /// The format `bytes` begin with: JSON Lines when the first byte that is neither white space
  /// (space, tab, CR, LF) nor part of a leading UTF-8 byte order mark is `{`, CSV when it is
  /// any other byte; nil when there is no such byte among them.
  package static func sniffed(_ bytes: some Collection<UInt8>) -> InputFormat? {
    let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
    let blank: Set<UInt8> = [0x20, 0x09, 0x0D, 0x0A]
    guard let first = body.first(where: { !blank.contains($0) }) else { return nil }
    return first == UInt8(ascii: "{") ? .jsonl : .csv
  }

  /// The format `input` begins with, as `sniffed(_:)` tells it, reading as far as needed and
  /// consuming nothing; JSON Lines for an input with no such byte (empty: no record either way).
  package static func sniffed(from input: ByteInput) -> InputFormat {
    // A byte order mark is whole before it is judged.
    while input.pending.count < 3 && input.readMore() {}
    while true {
      if let format = sniffed(input.pending) { return format }
      guard input.readMore() else { return .jsonl }
    }
  }
}
