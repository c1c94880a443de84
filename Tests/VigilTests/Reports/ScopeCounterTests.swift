import Testing
import VigilEvaluation
import VigilSyntax

/// The records in scope a chunk counts party by party (`ScopeCounter`) add up, once folded
/// into the tally, to what adding them one by one gives.
@Suite("ScopeCounter")
struct ScopeCounterTests {
  private static let policies: [(name: String, severity: Severity)] = [
    ("late_reply", .medium), ("unresolved", .high), ("no_follow_up", .low),
  ]
  private static let parties: [String?] = ["ana", "ben", nil, "", "team-a", "ana.b"]

  @Test("folded counts equal one-by-one counts, whatever the order of parties")
  func foldedEqualsOneByOne() {
    var random = SplitMix(seed: 42)
    for round in 0..<50 {
      var counter = ScopeCounter(policies: Self.policies)
      var direct = AccountabilityTally()
      // Runs of the same one or two parties, and parties in any order.
      Self.count(
        round * 7, of: round % 3 == 0 ? 2 : Self.parties.count, &counter, &direct, &random)
      var folded = AccountabilityTally()
      counter.fold(into: &folded)
      #expect(Self.shares(folded) == Self.shares(direct), "round \(round)")
      #expect(folded.severities == direct.severities, "round \(round)")
    }
  }

  @Test("chunks' counters, added up in tallies that merge, give the one-by-one counts")
  func mergedChunksEqualOneByOne() {
    var random = SplitMix(seed: 7)
    for round in 0..<30 {
      var direct = AccountabilityTally()
      var merged = AccountabilityTally()
      // A few chunks, each counting its records (some none) in its own tally's counter.
      for _ in 0..<(1 + round % 4) {
        var counter = ScopeCounter(policies: Self.policies)
        Self.count(random.below(40), of: Self.parties.count, &counter, &direct, &random)
        var chunk = AccountabilityTally()
        chunk.recordScopes = counter
        merged.merge(chunk)
      }
      #expect(Self.shares(merged) == Self.shares(direct), "round \(round)")
    }
  }

  /// Counts `records` random records in scope, their parties drawn from the first `parties`,
  /// in `counter` and one by one in `direct`.
  private static func count(
    _ records: Int, of parties: Int, _ counter: inout ScopeCounter,
    _ direct: inout AccountabilityTally, _ random: inout SplitMix
  ) {
    for _ in 0..<records {
      let policy = random.below(Self.policies.count)
      let party = Self.parties[random.below(parties)]
      let outcome = [ScopeOutcome.met, .pending, .violated][random.below(3)]
      counter.add(policy: policy, party: party, outcome: outcome)
      direct.addScope(
        policy: Self.policies[policy].name, severity: Self.policies[policy].severity,
        party: party, outcome: outcome)
    }
  }

  /// Each party's shares, by policy name.
  private static func shares(_ tally: AccountabilityTally) -> [String: [PolicyShare]] {
    Dictionary(
      uniqueKeysWithValues: tally.parties.map { party, part in
        (party ?? "(nil)", part.shares.sorted { $0.policy < $1.policy })
      })
  }
}
