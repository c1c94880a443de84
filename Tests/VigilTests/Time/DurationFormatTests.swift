import Testing
import VigilCore

@testable import Vigil

@Suite struct DurationFormatTests {
  @Test(
    arguments: [
      (0, "0s"),
      (1, "0.001s"),
      (500, "0.500s"),
      (12_500, "12.500s"),
      (45_000, "45s"),
      (60_000, "1m"),
      (90_000, "1m30s"),
      (3_600_000, "1h"),
      (3_605_000, "1h0m5s"),
      (5_400_000, "1h30m"),
      (171_000_000, "47h30m"),
      (172_800_000, "48h"),
      (172_800_001, "48h0m0.001s"),
      (174_600_000, "48h30m"),
      (220_320_000, "61h12m"),
      (864_000_000, "240h"),
      (-7_200_000, "-2h"),
      (-1, "-0.001s"),
      (-5_400_000, "-1h30m"),
      // Python: divmod(2**63, 3_600_000) and so on.
      (Int64.max, "2562047788015h12m55.807s"),
      (Int64.min, "-2562047788015h12m55.808s"),
    ] as [(Int64, String)])
  func formats(ms: Int64, expected: String) {
    #expect(DurationFormat.format(ms) == expected)
  }
}
