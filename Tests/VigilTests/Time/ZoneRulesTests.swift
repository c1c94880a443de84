import Testing
import VigilCore

@testable import Vigil

// Expected instants were computed independently with Python's zoneinfo:
// datetime(y, m, d, H, M, S, tzinfo=ZoneInfo(zone)) with fold=0, which, like java.time,
// takes the earlier offset in an overlap and moves a time in a gap forward by the gap.

@Suite struct ZoneRulesTests {
  /// A local wall-clock time as milliseconds of the local civil epoch.
  static func local(
    _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int,
    _ second: Int = 0
  ) -> Int64 {
    CivilTime.daysFromCivil(year: year, month: month, day: day) * 86_400_000
      + Int64(hour * 3_600_000 + minute * 60_000 + second * 1000)
  }

  @Test(
    arguments: [
      // Spring forward, 2026-03-08: 02:00 EST becomes 03:00 EDT (07:00Z).
      (local(2026, 3, 8, 1, 59, 59), 1_772_953_199_000),
      (local(2026, 3, 8, 2, 0), 1_772_953_200_000),  // in the gap: 03:00 EDT
      (local(2026, 3, 8, 2, 30), 1_772_955_000_000),  // in the gap: 03:30 EDT = 07:30Z
      (local(2026, 3, 8, 3, 0), 1_772_953_200_000),
      // Fall back, 2026-11-01: 02:00 EDT becomes 01:00 EST (06:00Z); 01:xx happens twice.
      (local(2026, 11, 1, 0, 59), 1_793_509_140_000),
      (local(2026, 11, 1, 1, 0), 1_793_509_200_000),  // the first 01:00, EDT
      (local(2026, 11, 1, 1, 30), 1_793_511_000_000),  // the first 01:30, EDT = 05:30Z
      (local(2026, 11, 1, 1, 59, 59), 1_793_512_799_000),
      (local(2026, 11, 1, 2, 0), 1_793_516_400_000),
      // Ordinary times, and the conformance case's stamps.
      (local(2026, 3, 7, 23, 0), 1_772_942_400_000),
      (local(2026, 3, 9, 23, 30), 1_773_113_400_000),
      (local(2026, 10, 31, 23, 0), 1_793_502_000_000),
      (local(2026, 11, 2, 22, 30), 1_793_676_600_000),
      (local(2020, 2, 17, 12, 19), 1_581_959_940_000),
      (local(1950, 6, 1, 12, 0), -618_048_000_000),
      // Local mean time (-4:56:02) before railway time, and the years after the table.
      (local(1883, 11, 18, 12, 0), -2_717_651_038_000),
      (local(1800, 1, 1, 0, 0), -5_364_644_638_000),
      (local(2150, 7, 4, 12, 0), 5_696_236_800_000),
      (local(2250, 3, 10, 2, 30), 8_841_857_400_000),  // a gap in 2250
      (local(2250, 11, 3, 1, 30), 8_862_413_400_000),  // an overlap in 2250
      (local(2400, 6, 1, 0, 0), 13_582_612_800_000),
    ] as [(Int64, Int64)])
  func newYorkLocalTimes(local: Int64, expected: Int64) throws {
    let zone = try #require(ZoneRules(identifier: "America/New_York"))
    #expect(zone.instant(local: local) == expected)
  }

  @Test(
    arguments: [
      // Spring forward, 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00Z).
      (local(2026, 3, 29, 1, 59), 1_774_745_940_000),
      (local(2026, 3, 29, 2, 0), 1_774_746_000_000),
      (local(2026, 3, 29, 2, 30), 1_774_747_800_000),  // in the gap: 03:30 CEST = 01:30Z
      (local(2026, 3, 29, 3, 0), 1_774_746_000_000),
      // Fall back, 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00Z); 02:xx happens twice.
      (local(2026, 10, 25, 1, 59), 1_792_886_340_000),
      (local(2026, 10, 25, 2, 0), 1_792_886_400_000),
      (local(2026, 10, 25, 2, 30), 1_792_888_200_000),  // the first 02:30, CEST = 00:30Z
      (local(2026, 10, 25, 3, 0), 1_792_893_600_000),
      (local(2012, 10, 9, 14, 50, 17), 1_349_787_017_000),
      (local(2012, 10, 28, 2, 30), 1_351_384_200_000),
      (local(2012, 3, 25, 2, 30), 1_332_639_000_000),
      (local(1970, 1, 1, 0, 0), -3_600_000),
      (local(1950, 1, 1, 0, 0), -631_155_600_000),
      (local(1866, 1, 1, 0, 0), -3_281_906_996_000),  // Rome mean time, +0:49:56
    ] as [(Int64, Int64)])
  func romeLocalTimes(local: Int64, expected: Int64) throws {
    let zone = try #require(ZoneRules(identifier: "Europe/Rome"))
    #expect(zone.instant(local: local) == expected)
  }

  @Test(
    arguments: [
      // Lord Howe changes by half an hour: 01:45 on 2026-04-05 repeats, 02:15 on
      // 2026-10-04 is skipped.
      ("Australia/Lord_Howe", local(2026, 4, 5, 1, 45), 1_775_313_900_000),
      ("Australia/Lord_Howe", local(2026, 10, 4, 2, 15), 1_791_042_300_000),
      ("Asia/Kolkata", local(2026, 1, 1, 0, 0), 1_767_205_800_000),
      ("America/Chicago", local(2013, 8, 30, 0, 0), 1_377_838_800_000),
      ("UTC", local(2016, 2, 29, 1, 16), 1_456_708_560_000),
    ] as [(String, Int64, Int64)])
  func otherZonesLocalTimes(identifier: String, local: Int64, expected: Int64) throws {
    let zone = try #require(ZoneRules(identifier: identifier))
    #expect(zone.instant(local: local) == expected)
  }

  @Test(
    arguments: [
      ("America/New_York", 1_772_953_199_000, -18_000_000),
      ("America/New_York", 1_772_953_200_000, -14_400_000),
      ("America/New_York", 1_793_512_799_000, -14_400_000),
      ("America/New_York", 1_793_512_800_000, -18_000_000),
      ("America/New_York", -5_364_662_400_000, -17_762_000),
      ("America/New_York", 10_429_430_400_000, -14_400_000),  // 2300-07-01
      ("Europe/Rome", 1_774_745_999_000, 3_600_000),
      ("Europe/Rome", 1_774_746_000_000, 7_200_000),
      ("Europe/Rome", 1_792_890_000_000, 3_600_000),
      ("Europe/Rome", 16_726_435_200_000, 3_600_000),  // 2500-01-15
      ("America/New_York", 221_861_332_800_000, -14_400_000),  // 9000-07-04
      ("UTC", 1_793_512_800_000, 0),
    ] as [(String, Int64, Int64)])
  func offsets(identifier: String, instant: Int64, expected: Int64) throws {
    let zone = try #require(ZoneRules(identifier: identifier))
    #expect(zone.offset(at: instant) == expected)
  }

  @Test func instantAndOffsetAgreeOutsideGaps() throws {
    let zone = try #require(ZoneRules(identifier: "America/New_York"))
    var failures: [Int64] = []
    // Every 61 minutes through 2025 and 2026: local = instant + offset, and back.
    var instant: Int64 = 1_735_689_600_000
    while instant < 1_798_761_600_000 {
      let local = instant + zone.offset(at: instant)
      let back = zone.instant(local: local)
      // In an overlap the earlier instant wins; it shows the same local time.
      if back != instant && !(back < instant && back + zone.offset(at: back) == local) {
        failures.append(instant)
      }
      instant += 61 * 60_000
    }
    #expect(failures == [])
  }

  /// Beyond any year Python can check, the zone keeps its 400-year rhythm.
  @Test(arguments: [local(9000, 3, 9, 2, 30), local(9000, 11, 2, 1, 30), local(2026, 7, 4, 12, 0)])
  func farFutureRepeatsEveryFourHundredYears(local: Int64) throws {
    let zone = try #require(ZoneRules(identifier: "America/New_York"))
    let cycle: Int64 = 146_097 * 86_400_000
    for cycles: Int64 in [1, 1000, 500_000] {
      #expect(
        zone.instant(local: local + cycles * cycle) == zone.instant(local: local) + cycles * cycle)
      let instant = zone.instant(local: local) + cycles * cycle
      #expect(zone.offset(at: instant) == zone.offset(at: instant - cycles * cycle))
    }
  }

  @Test(
    "the first instant the clocks read a local time: a skipped one at the jump past it",
    arguments: [
      // New York, 2026-03-08: 02:00 EST becomes 03:00 EDT at 07:00Z; 02:30 is skipped.
      ("America/New_York", local(2026, 3, 8, 1, 59, 59), 1_772_953_199_000),
      ("America/New_York", local(2026, 3, 8, 2, 0), 1_772_953_200_000),
      ("America/New_York", local(2026, 3, 8, 2, 30), 1_772_953_200_000),
      ("America/New_York", local(2026, 3, 8, 3, 0), 1_772_953_200_000),
      ("America/New_York", local(2026, 3, 8, 3, 30), 1_772_955_000_000),
      // Read twice (2026-11-01, 01:xx): the first reading, as `instant(local:)`.
      ("America/New_York", local(2026, 11, 1, 1, 30), 1_793_511_000_000),
      ("America/New_York", local(2026, 11, 1, 2, 0), 1_793_516_400_000),
      // Lord Howe, 2026-10-04: 02:00 (+10:30) becomes 02:30 (+11) at 2026-10-03T15:30Z.
      ("Australia/Lord_Howe", local(2026, 10, 4, 2, 15), 1_791_041_400_000),
      ("Australia/Lord_Howe", local(2026, 10, 4, 2, 30), 1_791_041_400_000),
      // The year 2250 (beyond the table): New York's gap, 2250-03-10.
      ("America/New_York", local(2250, 3, 10, 2, 30), 8_841_855_600_000),
    ] as [(String, Int64, Int64)])
  func firstInstantReading(identifier: String, local: Int64, expected: Int64) throws {
    let zone = try #require(ZoneRules(identifier: identifier))
    #expect(zone.firstInstant(reading: local) == expected)
  }

  @Test func utcIsFixed() throws {
    for instant: Int64 in [.min, -62_135_596_800_000, 0, 1_793_512_800_000, .max] {
      #expect(ZoneRules.utc.offset(at: instant) == 0)
      #expect(ZoneRules.utc.instant(local: instant) == instant)
    }
    #expect(ZoneRules(identifier: "UTC") == ZoneRules.utc)
  }

  @Test(arguments: ["Nowhere/Else", "", "America/New York", "Europe/Romeo"])
  func unknownZonesAreNil(identifier: String) {
    #expect(ZoneRules(identifier: identifier) == nil)
  }

  @Test func extremeLocalTimesDoNotTrap() throws {
    let zone = try #require(ZoneRules(identifier: "Europe/Rome"))
    #expect(zone.instant(local: .max) > 0)
    #expect(zone.instant(local: .min) < 0)
  }

  @Test func equalityFollowsTheIdentifier() {
    #expect(ZoneRules(identifier: "Europe/Rome") == ZoneRules(identifier: "Europe/Rome"))
    #expect(ZoneRules(identifier: "Europe/Rome") != ZoneRules(identifier: "America/New_York"))
  }
}
