import Testing
import VigilCore

@testable import Vigil

// Expected instants were computed independently with Python's zoneinfo:
// datetime(y, m, d, H, M, S, tzinfo=ZoneInfo(zone)) (fold=0) in ms since the epoch.

@Suite struct TimePatternTests {
  /// Stamps as the real exports in shared/data/real write them.
  @Test(
    arguments: [
      // NYC 311 "Created Date"
      ("MM/dd/yyyy hh:mm:ss a", "America/New_York", "02/17/2020 12:19:00 PM", 1_581_959_940_000),
      ("MM/dd/yyyy hh:mm:ss a", "America/New_York", "11/17/2021 02:07:21 PM", 1_637_176_041_000),
      ("MM/dd/yyyy hh:mm:ss a", "America/New_York", "12/31/2020 12:00:00 AM", 1_609_390_800_000),
      // Italian helpdesk event log
      ("yyyy/M/d HH:mm:ss", "Europe/Rome", "2012/10/9 14:50:17", 1_349_787_017_000),
      // ServiceNow incident log
      ("dd-MM-yyyy HH:mm", "UTC", "29-02-2016 01:16", 1_456_708_560_000),
      // Boston 311
      ("yyyy-MM-dd HH:mm:ss", "America/New_York", "2025-01-24 03:24:56", 1_737_707_096_000),
      // CFPB complaints
      ("M/d/yyyy", "America/New_York", "8/30/2013", 1_377_835_200_000),
    ] as [(String, String, String, Int64)])
  func readsRealExports(pattern: String, zone: String, text: String, expected: Int64) throws {
    let compiled = try TimePattern(pattern)
    let rules = try #require(ZoneRules(identifier: zone))
    #expect(compiled.parse(text, zone: rules) == expected)
  }

  /// Daylight-saving edges: a skipped time moves forward by the gap; a repeated one takes
  /// the earlier offset.
  @Test(
    arguments: [
      ("MM/dd/yyyy hh:mm:ss a", "America/New_York", "03/08/2026 02:30:00 AM", 1_772_955_000_000),
      ("MM/dd/yyyy hh:mm:ss a", "America/New_York", "11/01/2026 01:30:00 AM", 1_793_511_000_000),
      ("dd/MM/yyyy HH:mm", "Europe/Rome", "29/03/2026 02:30", 1_774_747_800_000),
      ("dd/MM/yyyy HH:mm", "Europe/Rome", "25/10/2026 02:30", 1_792_888_200_000),
    ] as [(String, String, String, Int64)])
  func resolvesClockChanges(pattern: String, zone: String, text: String, expected: Int64)
    throws
  {
    let rules = try #require(ZoneRules(identifier: zone))
    #expect(try TimePattern(pattern).parse(text, zone: rules) == expected)
  }

  /// The conformance case: real time between stamps that straddle a clock change.
  @Test(
    arguments: [
      ("03/07/2026 11:00:00 PM", "03/09/2026 11:30:00 PM", 171_000_000, "47h30m"),
      ("10/31/2026 11:00:00 PM", "11/02/2026 10:30:00 PM", 174_600_000, "48h30m"),
    ] as [(String, String, Int64, String)])
  func measuresAcrossClockChanges(created: String, closed: String, length: Int64, text: String)
    throws
  {
    let pattern = try TimePattern("MM/dd/yyyy hh:mm:ss a")
    let zone = try #require(ZoneRules(identifier: "America/New_York"))
    let start = try #require(pattern.parse(created, zone: zone))
    let end = try #require(pattern.parse(closed, zone: zone))
    #expect(end - start == length)
    #expect(DurationFormat.format(end - start) == text)
  }

  /// More layouts, read in New York unless the text gives an offset.
  @Test(
    arguments: [
      ("MM/dd/yyyy", "3/7/2026", 1_772_859_600_000),  // lenient: one digit before a literal
      ("MM/dd/yyyy", "03/07/2026", 1_772_859_600_000),
      ("M/d/yy", "3/7/26", 1_772_859_600_000),
      ("yyyy-MM-dd HH:mm", "2026-3-7 23:5", 1_772_942_700_000),  // lenient at the end too
      ("yyyyMMddHHmm", "202603072305", 1_772_942_700_000),
      ("uuuu-MM-dd HH:mm", "2026-03-07 23:05", 1_772_942_700_000),
      ("yyyy-MM-dd hh:mm a", "2026-03-07 12:00 AM", 1_772_859_600_000),
      ("yyyy-MM-dd hh:mm a", "2026-03-07 12:00 PM", 1_772_902_800_000),
      ("yyyy-MM-dd hh:mm a", "2026-03-07 01:00 pm", 1_772_906_400_000),
      ("yyyy-MM-dd h:mma", "2026-03-07 9:00pm", 1_772_935_200_000),
      ("yyyy-MM-dd KK:mm a", "2026-03-07 11:30 PM", 1_772_944_200_000),
      ("yyyy-MM-dd kk:mm", "2026-03-07 24:00", 1_772_859_600_000),
      ("MMM d, yyyy h:mm a", "Mar 7, 2026 11:05 pm", 1_772_942_700_000),
      ("MMM d, yyyy h:mm a", "MAR 7, 2026 11:05 PM", 1_772_942_700_000),
      ("EEEE, MMMM d, yyyy HH:mm", "Saturday, March 7, 2026 23:05", 1_772_942_700_000),
      ("EEE, dd MMM yyyy HH:mm:ss Z", "Sat, 07 Mar 2026 23:05:00 +0100", 1_772_921_100_000),
      ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2026-03-07T23:05:00.123+05:30", 1_772_904_900_123),
      ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2026-03-07T23:05:00.123999+05:30", 1_772_904_900_123),
      ("yyyy-MM-dd'T'HH:mm:ssX", "2026-03-07T23:05:00Z", 1_772_924_700_000),
      ("yyyy-MM-dd'T'HH:mm:ssxx", "2026-03-07T23:05:00+0530", 1_772_904_900_000),
      ("yyyy-MM-dd HH:mm:ss ZZZZ", "2026-03-07 23:05:00 GMT+01:00", 1_772_921_100_000),
      ("yyyy-MM-dd HH:mm:ss.S", "2026-03-07 23:05:00.123456789", 1_772_942_700_123),
      ("yyyy-MM-dd HH:mm:ss,SSS", "2026-03-07 23:05:00,1", 1_772_942_700_100),
      ("'Day' d 'of' M, yyyy HH:mm", "Day 7 of 3, 2026 23:05", 1_772_942_700_000),
      ("h 'o''clock' a, yyyy-MM-dd", "9 o'clock PM, 2026-03-07", 1_772_935_200_000),
      ("yyyy-MM-dd''HH:mm", "2026-03-07'23:05", 1_772_942_700_000),
      ("yyyy.MM.dd ’ HH:mm", "2026.03.07 ’ 23:05", 1_772_942_700_000),
    ] as [(String, String, Int64)])
  func readsLayouts(pattern: String, text: String, expected: Int64) throws {
    let zone = try #require(ZoneRules(identifier: "America/New_York"))
    #expect(try TimePattern(pattern).parse(text, zone: zone) == expected)
  }

  /// Texts that do not match, or name a time that cannot exist.
  @Test(arguments: [
    ("MM/dd/yyyy hh:mm:ss a", "02/17/2020 12:19:00 PM x"),
    ("MM/dd/yyyy hh:mm:ss a", "02/17/2020 12:19:00"),
    ("MM/dd/yyyy hh:mm:ss a", "02/30/2020 12:19:00 PM"),
    ("MM/dd/yyyy hh:mm:ss a", "13/01/2020 12:19:00 PM"),
    ("MM/dd/yyyy hh:mm:ss a", "02/17/2020 13:19:00 PM"),
    ("MM/dd/yyyy hh:mm:ss a", "02/17/2020 00:19:00 AM"),
    ("MM/dd/yyyy hh:mm:ss a", "02/17/2020 12:19:00 XM"),
    ("MM/dd/yyyy hh:mm:ss a", ""),
    ("MM/dd/yyyy", "2026-03-07"),
    ("MM/dd/yyyy", "03/07/26"),
    ("MM/dd/yyyy", "003/07/2026"),
    ("dd-MM-yyyy HH:mm", "29-02-2015 01:16"),
    ("dd-MM-yyyy HH:mm", "28-02-2015 24:00"),
    ("dd-MM-yyyy HH:mm", "28-02-2015 23:60"),
    ("yyyy-MM-dd HH:mm:ss", "2026-03-07 23:05:60"),
    ("yyyy-MM-dd HH:mm:ss", "2026-03-07T23:05:00"),
    ("yyyy-MM-dd HH:mm:ss", " 2026-03-07 23:05:00"),
    ("yyyyMMddHHmm", "20260307235"),
    ("yyyy-MM-dd kk:mm", "2026-03-07 00:00"),
    ("yyyy-MM-dd KK:mm a", "2026-03-07 12:00 PM"),
    ("MMM d, yyyy", "Mat 7, 2026"),
    ("MMMM d, yyyy", "Mar 7, 2026"),
    ("EEE yyyy-MM-dd", "Xyz 2026-03-07"),
    ("yyyy-MM-dd HH:mmXXX", "2026-03-07 23:05+24:00"),
  ])
  func rejectsMismatches(pattern: String, text: String) throws {
    #expect(try TimePattern(pattern).parse(text, zone: .utc) == nil)
  }

  @Test(arguments: [
    ("", "empty pattern"),
    ("yyyy-QQ-dd", "unknown pattern letter 'Q'"),
    (
      "yyyy-MM-ddTHH:mm",
      "unknown pattern letter 'T'; put letters meant literally in quotes, as in 'T'"
    ),
    ("yyyy-MM-dd 'T", "unterminated quoted literal"),
    ("yyyy-MM-dd'T'HH:mm'", "unterminated quoted literal"),
    ("YYYY-MM-dd", "unknown pattern letter 'Y' (week-based year); use 'y' for the year"),
    (
      "yyyy-MM-DD",
      "unknown pattern letter 'D' (day of the year); use 'd' for the day of the month"
    ),
    (
      "yyyy-MM-dd HH:mm z",
      "unknown pattern letter 'z' (zone name); zone names in the text are not supported:"
        + " use an offset ('XXX') or give the zone separately"
    ),
    ("yyyyy-MM-dd", "too many pattern letters 'yyyyy' ('y' takes at most 4)"),
    ("yyyy-MMMMM-dd", "too many pattern letters 'MMMMM' ('M' takes at most 4)"),
    ("yyyy-MM-ddd", "too many pattern letters 'ddd' ('d' takes at most 2)"),
    ("yyyy-MM-dd HHH", "too many pattern letters 'HHH' ('H' takes at most 2)"),
    ("yyyy-MM-dd HH:mmXXXX", "too many pattern letters 'XXXX' ('X' takes at most 3)"),
    ("yyyy-MM-dd hh:mm aa", "too many pattern letters 'aa' ('a' takes at most 1)"),
    ("yyyy-MM-dd yyyy", "the pattern gives the year twice"),
    ("yyyy-MM-dd MMM", "the pattern gives the month twice"),
    ("MM/dd", "the pattern has no year (use 'yyyy')"),
    ("yyyy-mm-dd", "the pattern has no month (use 'MM'; 'mm' is minutes)"),
    ("yyyy-dd", "the pattern has no month (use 'MM')"),
    ("yyyy-MM", "the pattern has no day of the month (use 'dd')"),
    (
      "yyyy-MM-dd hh:mm",
      "'h' is the 1–12 hour and needs 'a' (AM/PM); use 'H' for the 0–23 hour"
    ),
    (
      "yyyy-MM-dd HH:mm a",
      "'a' (AM/PM) goes with the 1–12 hour 'h'; 'H' is already the 0–23 hour"
    ),
    ("yyyy-MM-dd a", "'a' (AM/PM) needs an hour ('hh')"),
  ])
  func rejectsBadPatterns(pattern: String, message: String) {
    #expect(throws: TimePatternError(message: message)) { try TimePattern(pattern) }
  }

  @Test func anOffsetInTheTextOverridesTheZone() throws {
    let pattern = try TimePattern("yyyy-MM-dd HH:mm XXX")
    let rome = try #require(ZoneRules(identifier: "Europe/Rome"))
    let text = "2026-03-07 23:05 Z"
    #expect(pattern.parse(text, zone: rome) == pattern.parse(text, zone: .utc))
    #expect(pattern.parse(text, zone: rome) == 1_772_924_700_000)
  }

  @Test func readsFromBytes() throws {
    let pattern = try TimePattern("dd-MM-yyyy HH:mm")
    let bytes = Array("29-02-2016 01:16".utf8)
    let result = bytes.withUnsafeBufferPointer { pattern.parse($0, zone: .utc) }
    #expect(result == 1_456_708_560_000)
  }

  @Test func patternsCompareByTheirText() throws {
    #expect(try TimePattern("M/d/yyyy") == TimePattern("M/d/yyyy"))
    #expect(try TimePattern("M/d/yyyy") != TimePattern("MM/dd/yyyy"))
    #expect(try TimePattern("M/d/yyyy").pattern == "M/d/yyyy")
  }
}
