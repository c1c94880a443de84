import Testing

@testable import VigilEvaluation

/// Texts compared and hashed a word at a time (`ByteWords`): equal exactly when `==` on the
/// bytes says so, at every length and wherever the first difference lies, and hashes that
/// tell apart what ids and parties look like and spread them over the top bits.
@Suite("ByteWords")
struct ByteWordsTests {
  /// Every length from 0 to 40, a difference at each position in turn, and the same bytes.
  @Test func equalIsByteEquality() {
    for count in 0...40 {
      let text = (0..<count).map { UInt8(truncatingIfNeeded: 0x41 + $0 * 7) }
      #expect(Self.equal(text, text), "length \(count), same bytes")
      for position in 0..<count {
        var other = text
        other[position] ^= 0x20
        #expect(!Self.equal(text, other), "length \(count), byte \(position) differs")
      }
      if count > 0 {
        #expect(!Self.equal(text, Array(text.dropLast())), "length \(count) against one less")
      }
    }
  }

  @Test func equalHashesForEqualBytesAndNoCollisionAmongIds() {
    var seen: [UInt64: String] = [:]
    var collisions: [String] = []
    // Ids as exports write them, and every short text of two letters (lengths 0 to 3 too).
    var texts = (0..<100_000).map { "rec-\($0)" } + (0..<2_000).map { "T\($0)" } + ["", "a"]
    for first in UInt8(ascii: "a")...UInt8(ascii: "z") {
      for second in UInt8(ascii: "a")...UInt8(ascii: "z") {
        texts.append(String(decoding: [first, second], as: UTF8.self))
        texts.append(String(decoding: [first, second, 0x30], as: UTF8.self))
      }
    }
    for text in texts {
      let hash = Self.hash(text)
      if let other = seen[hash] { collisions.append("\(other) and \(text)") }
      seen[hash] = text
    }
    #expect(collisions == [])
  }

  /// The same bytes at any address, aligned or not and whatever lies around them, compare
  /// equal and hash alike: only the text's own bytes are read.
  @Test func onlyTheTextsOwnBytesCount() {
    for count in 0...24 {
      let text = (0..<count).map { UInt8(truncatingIfNeeded: 0x61 + $0 * 5) }
      let expected = text.withUnsafeBufferPointer { ByteWords.hash($0) }
      for offset in 0..<8 {
        // The text at `offset`, between bytes that differ from run to run.
        let filler = UInt8(truncatingIfNeeded: 0xF0 + offset)
        let padded = [UInt8](repeating: filler, count: offset) + text + [filler, 0, filler]
        padded.withUnsafeBufferPointer { all in
          let placed = UnsafeBufferPointer(rebasing: all[offset..<offset + count])
          #expect(ByteWords.hash(placed) == expected, "length \(count) at offset \(offset)")
          text.withUnsafeBufferPointer { own in
            #expect(ByteWords.equal(placed, own), "length \(count) at offset \(offset)")
          }
        }
      }
    }
  }

  /// The repeated-id check picks one of 64 partitions by the top six bits: 100,000
  /// consecutive ids fall evenly (each partition within 15% of its 1,562.5).
  @Test func topBitsSpreadConsecutiveIds() {
    var partitions = [Int](repeating: 0, count: 64)
    for number in 0..<100_000 { partitions[Int(Self.hash("rec-\(number)") >> 58)] += 1 }
    let outside = partitions.enumerated().filter { abs(Double($0.element) - 1562.5) > 234 }
    #expect(outside.map(\.offset) == [])
  }

  private static func equal(_ x: [UInt8], _ y: [UInt8]) -> Bool {
    x.withUnsafeBufferPointer { a in y.withUnsafeBufferPointer { b in ByteWords.equal(a, b) } }
  }

  private static func hash(_ text: String) -> UInt64 {
    var text = text
    return text.withUTF8 { ByteWords.hash($0) }
  }
}
