import Testing
import VigilCore
import VigilEvaluation
import VigilSyntax

/// The violations a party's tally keeps for the HTML report (`KeptLines`): the first
/// `PartyTally.keptLines` in input order, whatever the chunks that found them and however
/// many there were.
@Suite("Kept violations")
struct KeptLinesTests {
  /// Violation number `index` of a party: record `R<index>`, on line `index` of the input.
  private static func violation(_ index: Int) -> Violation {
    Violation(
      policy: "late", location: "rules.vigil:1", record: "R\(index)", party: "ana", actions: [],
      severity: .high, open: index % 3 == 0, measurement: nil, condition: "late",
      input: "tickets.jsonl", line: index)
  }

  /// The records of the violations `tally` keeps.
  private static func records(_ tally: PartyTally) -> [String] {
    tally.lines.map(\.record)
  }

  /// `total` violations cut into chunks at `cuts`, each chunk tallied on its own and merged
  /// in input order.
  private static func merged(_ total: Int, cuts: [Int]) -> PartyTally {
    var whole = PartyTally()
    let bounds = [0] + cuts + [total]
    for (start, end) in zip(bounds, bounds.dropFirst()) {
      var chunk = PartyTally()
      for index in start..<end { chunk.add(violation(index + 1)) }
      whole.merge(chunk)
    }
    return whole
  }

  @Test("the first thousand in input order, whatever the chunks", arguments: 0..<40)
  func firstInInputOrder(round: Int) {
    var random = SplitMix(seed: UInt64(round))
    // Fewer than the limit, about the limit, and well past it; cut into 1 to 30 chunks,
    // some of them empty, some of them past the limit on their own.
    let total = [12, 999, 1000, 1001, 2600, 4321][round % 6]
    let cuts = (0..<random.below(30)).map { _ in random.below(total + 1) }.sorted()
    let tally = Self.merged(total, cuts: cuts)
    let kept = min(total, 1000)
    #expect(Self.records(tally) == (1...kept).map { "R\($0)" }, "cuts \(cuts)")
    #expect(tally.lines.count == kept)
    #expect(tally.violations == total)
  }

  @Test func oneChunkKeepsTheFirstThousand() {
    var tally = PartyTally()
    for index in 1...1500 { tally.add(Self.violation(index)) }
    #expect(tally.lines.count == 1000)
    #expect(!tally.lines.isOpen)
    #expect(Self.records(tally).first == "R1")
    #expect(Self.records(tally).last == "R1000")
  }

  @Test func aFullListTakesNoMoreParts() {
    let full = Self.merged(1000, cuts: [400])
    var more = full
    more.merge(Self.merged(5, cuts: []))
    #expect(Self.records(more) == Self.records(full))
    #expect(more.violations == 1005)
  }

  @Test func arrayLiteralKeepsTheFirstThousand() {
    let lines = (1...3).map { ViolationLine(Self.violation($0)) }
    let kept: KeptLines = [lines[0], lines[1], lines[2]]
    #expect(kept.map(\.record) == ["R1", "R2", "R3"])
    #expect((kept.count, kept.isEmpty, kept.isOpen) == (3, false, true))
    let none: KeptLines = []
    #expect((none.count, none.isEmpty, none.map(\.record)) == (0, true, []))
  }
}
