import Testing
import VigilCore
import VigilEvaluation
import VigilRecords

@testable import Vigil

/// The violations an accountability audit keeps for the HTML report's lists: a chunk keeps
/// none of a party whose list, merged so far, is full (`KeptLinesGate`), and the lists are
/// the first thousand of each party's in input order all the same; a report that lists none
/// keeps none.
@Suite("Kept violations across chunks")
struct KeptLinesGateTests {
  static let policy = """
    policy late:
      late == true → notify owner
      severity: high
    """

  /// Records `R1`… in order: `ana` owns one in 4, `bo` the rest; one in 3 of `bo`'s is
  /// late, and every record from `R3000` on: `bo` fills his list of a thousand at `R3333`,
  /// `ana` hers only at `R6996`, in the last chunk.
  static func owner(_ number: Int) -> String { number % 4 == 0 ? "ana" : "bo" }
  static func isLate(_ number: Int) -> Bool {
    (owner(number) == "bo" && number % 3 == 0) || number >= 3000
  }
  static let data: String = (1...7000).map { number in
    #"{"id":"R\#(number)","owner":"\#(owner(number))","late":\#(isLate(number))}"#
  }.joined(separator: "\n")

  /// The parties' kept violations (records), their counts, and the chunks' gate's verdicts,
  /// auditing with `jobs` threads in chunks of `chunkSize` bytes; `gated` false audits with
  /// no gate (every chunk keeps the first thousand of every party's).
  static func audit(
    jobs: Int, chunkSize: Int, gated: Bool = true, lists: Bool = true
  ) throws -> [String: (kept: [String], violations: Int)] {
    let policies = try PolicySet(source: policy, file: "p.vigil")
    var options = AuditOptions(now: AuditDriverTests.now, jobs: jobs)
    options.accountability = true
    options.listsPartyViolations = lists
    options.chunkSize = chunkSize
    let driver = AuditDriver(policies.checked, options: options)
    var groups = driver.newTally()
    if !gated { groups.accountability = AccountabilityTally() }
    _ = driver.run(input: ByteInput(string: data), format: .jsonl, name: "data", groups: &groups) {
      _ in nil
    }
    _ = driver.judge(&groups) { _ in }
    let parties = try #require(groups.accountability).parties
    return Dictionary(
      uniqueKeysWithValues: parties.map { party, tally in
        (party ?? "(none)", (tally.lines.map(\.record), tally.violations))
      })
  }

  /// The first `count` late records of `owner`, in input order.
  static func firstLate(_ owner: String, _ count: Int) -> [String] {
    (1...7000).filter { Self.owner($0) == owner && isLate($0) }.prefix(count).map { "R\($0)" }
  }

  @Test(
    "the first thousand of each party's, in input order, whatever the threads and chunks",
    arguments: [(1, 4096), (2, 4096), (2, 1000), (3, 50_000), (1, 1 << 20)])
  func firstThousand(jobs: Int, chunkSize: Int) throws {
    let found = try Self.audit(jobs: jobs, chunkSize: chunkSize)
    #expect(Set(found.keys) == ["ana", "bo"])
    #expect(found["bo"]?.violations == 3750)
    #expect(found["ana"]?.violations == 1001)
    #expect(Self.firstLate("bo", 1000).last == "R3333")
    #expect(Self.firstLate("ana", 1000).last == "R6996")
    // Compared whole, reported short.
    let bo = found["bo"]?.kept ?? []
    let ana = found["ana"]?.kept ?? []
    #expect(bo == Self.firstLate("bo", 1000), "bo: \(bo.count), \(bo.first ?? "")…\(bo.last ?? "")")
    #expect(ana == Self.firstLate("ana", 1000), "ana: \(ana.count), \(ana.last ?? "")")
    let ungated = try Self.audit(jobs: jobs, chunkSize: chunkSize, gated: false)
    #expect(ungated["bo"]?.kept == bo, "the same as with no gate")
    #expect(ungated["ana"]?.kept == ana, "the same as with no gate")
  }

  @Test func aReportThatListsNoneKeepsNone() throws {
    let found = try Self.audit(jobs: 2, chunkSize: 4096, lists: false)
    #expect(found["bo"]?.kept == [])
    #expect(found["ana"]?.kept == [])
    #expect(found["bo"]?.violations == 3750)
    #expect(found["ana"]?.violations == 1001)
  }

  @Test func theGateClosesOnlyTheFullParties() {
    let gate = KeptLinesGate(listsViolations: true)
    #expect(gate.limit(for: "bo") == 1000)
    gate.markFull("bo")
    #expect(gate.limit(for: "bo") == 0)
    #expect(gate.limit(for: "ana") == 1000)
    #expect(gate.limit(for: nil) == 1000)
    gate.markFull(nil)
    #expect(gate.limit(for: nil) == 0)
    #expect(KeptLinesGate(listsViolations: false).limit(for: "ana") == 0)
  }

  /// A chunk audited after `bo`'s list is full keeps none of his: his list in the tally of
  /// a chunk whose tally has the gate is closed from the start.
  @Test func aChunkKeepsNoneOfAFullParty() {
    let gate = KeptLinesGate(listsViolations: true)
    gate.markFull("bo")
    var chunk = AccountabilityTally(gate: gate)
    for party in ["bo", "ana"] {
      chunk.add(
        Violation(
          policy: "late", location: "p.vigil:1", record: "R1", party: party, actions: [],
          severity: .high, open: nil, measurement: nil, condition: "late == true", input: "data",
          line: 1))
    }
    #expect(chunk.parties["bo"]?.lines.map(\.record) == [])
    #expect(chunk.parties["bo"]?.violations == 1)
    #expect(chunk.parties["ana"]?.lines.map(\.record) == ["R1"])
  }
}
