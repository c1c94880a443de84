import VigilCore

/// The first lines of a JSON Lines input, kept to name the fields the data has when a field
/// the policies read is in no record: the sample `vigil check --data` reads.
package enum HeadSample {
  /// At most this many bytes are kept.
  package static let limit = 1 << 20

  /// The whole lines in the first `bytes` bytes of `chunk` (a chunk holds whole lines).
  package static func lines(of chunk: UnsafeBufferPointer<UInt8>, upTo bytes: Int) -> [UInt8] {
    let part = UnsafeBufferPointer(rebasing: chunk[..<min(chunk.count, bytes)])
    // Only lines ended by a line feed: then the head is the same however the input was cut.
    guard let end = part.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
    return Array(part[...end])
  }

  /// The fields of the first 1,000 records in `bytes`.
  package static func names(_ bytes: [UInt8]) -> [FieldPath] {
    FieldSampler.fieldNames(input: ByteInput(bytes: bytes), format: .jsonl, limit: 1000)
  }
}
