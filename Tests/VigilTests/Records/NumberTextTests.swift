import Testing
import VigilCore

/// A text read as a number (a CSV cell, a JSON string): the whole numbers read digit by digit
/// must be exactly the doubles the general reading gives, the sign of zero included.
@Suite("Number texts")
struct NumberTextTests {
  /// The general reading: JSON's grammar, then `Double(_:)`.
  static func general(_ text: String) -> Double? {
    let trimmed = text.trimmingCharacters(in: [" ", "\t"])
    guard NumberText.isNumber(Array(trimmed.utf8)), let number = Double(trimmed), number.isFinite
    else { return nil }
    return number
  }

  @Test(arguments: [
    ("0", 0.0), ("-0", -0.0), ("7", 7), ("-12", -12), (" 42\t", 42),
    ("123456789012345", 123_456_789_012_345), ("-999999999999999", -999_999_999_999_999),
    ("1234567890123456", 1_234_567_890_123_456), ("9007199254740993", 9_007_199_254_740_992),
    ("4.5", 4.5), ("1e3", 1000), ("-0.0", -0.0),
  ])
  func readsNumbers(_ text: String, _ expected: Double) {
    let read = NumberText.number(text)
    #expect(read?.bitPattern == expected.bitPattern, "\(text)")
    #expect(read?.bitPattern == Self.general(text)?.bitPattern, "\(text)")
  }

  @Test(arguments: ["", "-", "05", "-05", "+5", "12a", "1 2", "0x10", "1_000", "١٢", " "])
  func refusesWhatIsNoNumber(_ text: String) {
    #expect(NumberText.number(text) == nil, "\(text)")
  }

  @Test func wholeNumbersReadAsTheGeneralReadingReadsThem() {
    var random = SplitMix(seed: 5)
    for _ in 0..<5_000 {
      let digits = 1 + random.below(17)
      var text = random.below(3) == 0 ? "-" : ""
      for index in 0..<digits {
        text += String(index == 0 ? 1 + random.below(9) : random.below(10))
      }
      #expect(NumberText.number(text)?.bitPattern == Self.general(text)?.bitPattern, "\(text)")
    }
  }
}
