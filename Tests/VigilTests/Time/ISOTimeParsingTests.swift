import Testing
import VigilCore

@testable import Vigil

// Expected instants were computed independently with Python's datetime:
// (datetime(..., tzinfo=...) - datetime(1970, 1, 1, tzinfo=timezone.utc)) in milliseconds.

@Suite struct ISOTimeParsingTests {
  @Test(
    arguments: [
      ("2026-11-25T00:00:00Z", 1_795_564_800_000),
      ("2026-11-25T10:15:30+02:00", 1_795_594_530_000),
      ("2026-11-25T10:15:30-05:00", 1_795_619_730_000),
      ("2026-11-25T10:15:30+0530", 1_795_581_930_000),
      ("2026-11-25T10:15:30-03", 1_795_612_530_000),
      ("2026-11-25T23:59:59+23:59", 1_795_564_859_000),
      ("2026-11-25T10:00:00-00:00", 1_795_600_800_000),
      ("2026-11-25T10:00-05:00", 1_795_618_800_000),
      ("2026-11-25T10:00+02", 1_795_593_600_000),
      ("2026-03-08t07:00:00z", 1_772_953_200_000),
      ("2026-03-08 07:00:00Z", 1_772_953_200_000),
      ("2024-02-29T12:00Z", 1_709_208_000_000),
      ("2000-02-29T00:00:00Z", 951_782_400_000),
      ("1999-12-31T23:59:59.999Z", 946_684_799_999),
      ("2025-12-31T23:59:59.999Z", 1_767_225_599_999),
      ("2026-01-01T00:00:00+01:00", 1_767_222_000_000),
      ("2026-12-31T23:59:59-01:00", 1_798_765_199_000),
      ("1970-01-01T00:00:00Z", 0),
      ("1969-12-31T23:59:59.999Z", -1),
      ("1900-01-01T00:00:00Z", -2_208_988_800_000),
      ("1900-03-01T00:00:00Z", -2_203_891_200_000),
      ("0001-01-01T00:00:00Z", -62_135_596_800_000),
      ("9999-12-31T23:59:59Z", 253_402_300_799_000),
    ] as [(String, Int64)])
  func readsInstantsWithOffsets(text: String, expected: Int64) {
    #expect(TimeParsing.parseISO8601(text) == .time(expected))
  }

  /// 2026-11-25T00:00:00Z plus the milliseconds the fraction keeps: digits after the third
  /// are truncated, never rounded.
  @Test(
    arguments: [
      ("", 0),
      (".0", 0),
      (".1", 100),
      (".12", 120),
      (".123", 123),
      (".1234", 123),
      (".12345", 123),
      (".123456", 123),
      (".1234567", 123),
      (".12345678", 123),
      (".123456789", 123),
      (".000999", 0),
      (".0009", 0),
      (".9999", 999),
      (".999999999999", 999),
      (",5", 500),
      (",05", 50),
    ] as [(String, Int64)])
  func truncatesFractionsToTheMillisecond(fraction: String, millis: Int64) {
    let text = "2026-11-25T00:00:00" + fraction + "Z"
    #expect(TimeParsing.parseISO8601(text) == .time(1_795_564_800_000 + millis))
  }

  @Test func truncatesTheFractionItselfBeforeTheEpoch() {
    // 1969-12-31T23:59:59 is -1000 ms; .9999 keeps .999, so the instant is -1, not 0.
    #expect(TimeParsing.parseISO8601("1969-12-31T23:59:59.9999Z") == .time(-1))
  }

  @Test(arguments: [
    "2026-11-25T10:00:00",
    "2026-11-25T10:00",
    "2026-11-25 10:00:00.123",
    "2026-11-25t10:00:00,5",
    "2026-11-25",
    "2024-02-29",
    "2024-02-29T23:59:59",
  ])
  func reportsAMissingOffset(text: String) {
    #expect(TimeParsing.parseISO8601(text) == .missingOffset)
  }

  @Test(arguments: [
    "",
    " ",
    "yesterday-ish",
    "2026-13-01T00:00:00Z",
    "2026-00-10T00:00:00Z",
    "2026-11-00T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-02-29T00:00:00Z",
    "2026-02-29",
    "2026-02-29T10:00",
    "1900-02-29T00:00:00Z",
    "2026-11-25T24:00:00Z",
    "2026-11-25T23:60:00Z",
    "2026-11-25T23:59:60Z",
    "2026-11-25T10:00:00+24:00",
    "2026-11-25T10:00:00+05:60",
    "2026-11-25T10:00:00+5",
    "2026-11-25T10:00:00+05:3",
    "2026-11-25T10:00:00+053",
    "2026-11-25T10:00+02:00:00",
    "2026-11-25T10:00:00Zjunk",
    "2026-11-25T10:00:00Z ",
    " 2026-11-25T10:00:00Z",
    "2026-11-25X10:00:00Z",
    "2026-11-25  10:00:00Z",
    "2026-11-25T",
    "2026-11-25T10Z",
    "2026-11-25T10:00:00.Z",
    "2026-11-25T10:00.5Z",
    "2026-11-25T10:00:00\u{2212}05:00",
    "26-11-25T10:00:00Z",
    "2026-1-25T10:00:00Z",
    "2026-11-5T10:00:00Z",
    "2026-11-25T1:00:00Z",
    "20261125T100000Z",
    "2026/11/25T10:00:00Z",
  ])
  func rejectsWhatIsNotISO8601(text: String) {
    #expect(TimeParsing.parseISO8601(text) == .invalid)
  }

  @Test func readsFromBytes() {
    let bytes = Array("2026-11-25T10:15:30+02:00".utf8)
    let result = bytes.withUnsafeBufferPointer { TimeParsing.parseISO8601($0) }
    #expect(result == .time(1_795_594_530_000))
  }

  @Test(
    arguments: [
      (1_795_564_800_000, "2026-11-25T00:00:00Z"),
      (1_795_564_800_123, "2026-11-25T00:00:00.123Z"),
      (1_795_564_800_001, "2026-11-25T00:00:00.001Z"),
      (1_795_564_800_010, "2026-11-25T00:00:00.010Z"),
      (0, "1970-01-01T00:00:00Z"),
      (-1, "1969-12-31T23:59:59.999Z"),
      (951_782_400_000, "2000-02-29T00:00:00Z"),
      (1_772_953_200_000, "2026-03-08T07:00:00Z"),
      (-62_135_596_800_000, "0001-01-01T00:00:00Z"),
      (-62_135_596_800_001, "0000-12-31T23:59:59.999Z"),
      // Year 0 is a leap year of 366 days, so 0000-01-01 is 366 days before 0001-01-01.
      (-62_167_219_200_000, "0000-01-01T00:00:00Z"),
      (-62_167_305_600_000, "-0001-12-31T00:00:00Z"),
      (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
      (253_402_300_800_000, "+10000-01-01T00:00:00Z"),
    ] as [(Int64, String)])
  func formats(ms: Int64, expected: String) {
    #expect(TimeParsing.formatISO8601(ms) == expected)
  }

  @Test(arguments: [
    Int64(0), -1, 1, 999, -86_400_000, 951_782_400_000, 1_795_564_859_123,
    -62_135_596_800_000, 253_402_300_799_999, -2_208_988_800_001,
  ])
  func formattingRoundTrips(ms: Int64) {
    #expect(TimeParsing.parseISO8601(TimeParsing.formatISO8601(ms)) == .time(ms))
  }

  @Test func formattingRoundTripsAcrossCenturies() {
    // One instant every 7919 minutes and 13 ms, from 1600 to 2400.
    var failures: [Int64] = []
    var ms: Int64 = -11_676_096_000_000
    while ms < 13_601_001_600_000 {
      if TimeParsing.parseISO8601(TimeParsing.formatISO8601(ms)) != .time(ms) {
        failures.append(ms)
      }
      ms += 7919 * 60_000 + 13
    }
    #expect(failures == [])
  }
}
