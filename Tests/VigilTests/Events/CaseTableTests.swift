import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilRecords

@testable import Vigil

/// The table of an event log's cases: found by key however the key is held, merged from the
/// chunks of the input, listed in the order of `GroupKey.precedes`, the same whatever the
/// chunks and threads.
@Suite("Case table")
struct CaseTableTests {
  /// Keys that share their first eight bytes, are shorter than eight, hold a zero byte, are
  /// not ASCII, are canonically equivalent texts, or are not texts at all.
  static let keys: [Value] = [
    .text("T00000010"), .text("T0000001"), .text("T000000"), .text("T0000001\u{0}"),
    .text("T00000011"), .text(""), .text("é"), .text("Zed"), .text("T0000002"),
    .text("T0000001 "), .text("ab\u{0}"), .text("ab"), .text("\u{10FFFF}"),
  ]

  @Test func casesAreListedInTheOrderOfTheirKeys() {
    var table = CaseTable(widths: [0])
    for key in Self.keys { _ = table.number(of: key) }
    let listed = table.numbersInKeyOrder().map { table.key($0) }
    let expected = Self.keys.map { GroupKey(values: [$0], window: 0) }
      .sorted(by: GroupKey.precedes)
    #expect(listed.map(\.values) == expected.map(\.values))
    #expect(
      listed.map { Operations.format($0.values[0]).unicodeScalars.map(\.value) }.prefix(4)
        == [
          [], Array("T000000".unicodeScalars.map(\.value)),
          Array("T0000001".unicodeScalars.map(\.value)),
          Array("T0000001\u{0}".unicodeScalars.map(\.value)),
        ])
  }

  @Test func keysOfSeveralValuesOrOfOtherKindsAreListedInTheSameOrder() {
    var table = CaseTable(widths: [0])
    let keys: [[Value]] = [
      [.text("b"), .number(2)], [.null, .text("a")], [.text("b"), .number(1)],
      [.number(10), .null], [.text("a"), .text("z")], [.time(5), .text("a")],
    ]
    for key in keys { _ = table.number(of: key) }
    #expect(
      table.numbersInKeyOrder().map { table.key($0).values }
        == keys.map { GroupKey(values: $0, window: 0) }.sorted(by: GroupKey.precedes)
        .map(\.values))
  }

  @Test func aCaseIsFoundByItsKeyHoweverTheKeyIsHeld() {
    var table = CaseTable(widths: [1, 2])
    // Many cases, so that the index grows while they are added.
    let numbers = (0..<1000).map { table.number(of: Value.text("case \($0)")) }
    #expect(numbers == Array(0..<1000))
    #expect(table.number(of: Value.text("case 17")) == 17)
    // A table of policies without aggregates keeps its cases too, past a page.
    var bare = CaseTable(widths: [0, 0])
    #expect((0..<5000).map { bare.number(of: Value.text("c\($0)")) } == Array(0..<5000))
    #expect(bare.group(policy: 1, case: 4999) == nil)
    #expect(table.number(of: [Value.text("case 17")]) == 17)
    #expect(table.number(of: GroupKey(values: [.text("case 17")], window: 0)) == 17)
    #expect(table.number(of: GroupKey(values: [.text("case 17")], window: 3)) == nil)
    #expect(table.number(of: GroupKey(values: [.text("case 1000")], window: 0)) == nil)
    // Canonically equivalent texts are one case, as texts are equal.
    #expect(table.number(of: Value.text("e\u{301}")) == table.number(of: Value.text("é")))
    #expect(table.count == 1001)
    #expect(table.key(999).values == [.text("case 999")])
  }

  /// A reader's unread text finds the same case as the text itself: ASCII as bytes, other
  /// texts as texts, canonically equivalent texts as one case.
  @Test func aKeyLeftUnreadFindsTheCaseOfItsText() {
    var table = CaseTable(widths: [0])
    let texts = [
      "T0000001", "", "a case id of more than fifteen bytes", "K", "\u{212A}", "é", "e\u{301}",
      ";", "\u{37E}",
    ]
    let byValue = texts.map { table.number(of: Value.text($0)) }
    #expect(byValue == [0, 1, 2, 3, 3, 4, 4, 5, 5])
    for (text, number) in zip(texts, byValue) {
      var copy = text
      #expect(copy.withUTF8 { table.number(ofText: $0) } == number, "\(text)")
    }
    var fresh = CaseTable(widths: [0])
    for (index, text) in ["K", "T1", "T1", "\u{212A}", "é", "e\u{301}"].enumerated() {
      var copy = text
      #expect(copy.withUTF8 { fresh.number(ofText: $0) } == [0, 1, 1, 0, 2, 2][index])
    }
    // Bytes that are not UTF-8 are the text they read as.
    let invalid: [UInt8] = [0x54, 0xFF, 0x31]
    let number = invalid.withUnsafeBufferPointer { fresh.number(ofText: $0) }
    #expect(number == 3)
    #expect(fresh.number(of: Value.text("T\u{FFFD}1")) == 3)
    #expect(fresh.count == 4)
  }

  @Test func mergingAddsTheOtherTablesCasesInTheOrderItMetThem() {
    var first = CaseTable(widths: [0])
    var second = CaseTable(widths: [0])
    for name in ["a", "b", "c"] { _ = first.number(of: Value.text(name)) }
    for name in ["d", "b", "e", "a"] { _ = second.number(of: Value.text(name)) }
    first.merge(second)
    #expect(
      (0..<first.count).map { first.key($0).values }
        == ["a", "b", "c", "d", "e"].map { [Value.text($0)] })
    var empty = CaseTable(widths: [0])
    empty.merge(second)
    #expect(empty.count == 4)
    #expect(empty.number(of: Value.text("e")) == 2)
  }

  /// A copy of a table keeps its cases as they were when the other changes (its pages are
  /// shared until one of the two changes them), cases added, events added or tables merged.
  @Test func aCopyKeepsItsCasesWhenTheTableChanges() {
    Self.counting { add in
      var table = CaseTable(widths: [1])
      // More than a page of cases, so that the copy shares whole pages and a growing one.
      for number in 0..<5000 {
        let found = table.number(of: Value.text("T\(number)"))
        add(&table, found)
      }
      func counts(_ table: CaseTable, _ numbers: [Int]) -> [Int] {
        numbers.map { table.group(policy: 0, case: $0)?.aggregates[0].count ?? -1 }
      }
      let copy = table
      add(&table, 10)
      add(&table, 4500)
      let added = table.number(of: Value.text("new"))
      add(&table, added)
      var other = CaseTable(widths: [1])
      let shared = other.number(of: Value.text("T20"))
      add(&other, shared)
      table.merge(other)
      #expect(counts(table, [10, 20, 4500, 4999, added]) == [2, 2, 2, 1, 1])
      #expect(counts(copy, [10, 20, 4500, 4999]) == [1, 1, 1, 1])
      #expect(table.count == 5001)
      #expect(copy.count == 5000)
    }
  }

  /// Runs `body` with a function that adds one event to case `number` of a table whose one
  /// policy counts its events.
  static func counting(_ body: (_ add: (inout CaseTable, _ number: Int) -> Void) -> Void) {
    let count = CompiledAggregate(
      kind: .count, measure: .number, label: "count", argument: nil, filter: nil, order: nil,
      field: "")
    let aggregates = UnsafeMutableBufferPointer<Unmanaged<CompiledAggregate>>.allocate(capacity: 1)
    defer { aggregates.deallocate() }
    aggregates[0] = Unmanaged.passUnretained(count)
    let frame = Frame(slots: 0, now: 0, directory: nil)
    withExtendedLifetime(count) {
      body { table, number in table.add(frame, policy: 0, case: number, aggregates) }
    }
  }

  /// Merging tables of thousands of cases (merged a batch at a time, each batch's memory read
  /// first) gives the table one built from all their events: every case found, its events
  /// counted once, cases new to the table added in the order the other met them.
  @Test func mergingLargeTablesGivesTheTableOfAllTheirEvents() {
    Self.counting { add in
      func table(_ keys: [String]) -> CaseTable {
        var table = CaseTable(widths: [1])
        for key in keys {
          add(&table, table.number(of: .text(key)))
        }
        return table
      }
      // The second part's cases: every third of the first's (out of order), and new ones
      // between them, some twice.
      let first = (0..<3000).map { "T\($0)" }
      let second = (0..<2000).flatMap { n -> [String] in
        n % 2 == 0 ? ["T\(2999 - 3 * (n / 2))"] : ["N\(n)", "N\(n)"]
      }
      var merged = table(first)
      merged.merge(table(second))
      let whole = table(first + second)
      #expect(merged.count == 4000)
      #expect(
        (0..<merged.count).map { merged.key($0) } == (0..<whole.count).map { whole.key($0) })
      let counts = { (table: CaseTable) in
        (0..<table.count).map { table.group(policy: 0, case: $0)?.aggregates[0].count ?? -1 }
      }
      #expect(counts(merged) == counts(whole))
      #expect(counts(merged)[2999] == 2)
      #expect(counts(merged)[3000] == 2)
      #expect(merged.number(of: .text("N1999")) == 3999)
    }
  }

  static let policy = """
    events per ticket, ordered by at
    policy seen:
      count > 0 → flag
    policy still_open:
      status == "open" → flag
    """

  /// Two events for each of `cases` cases, the second half of the log after the first (an
  /// even case's closes it), and a few tickets of other kinds; each case's violations and
  /// its number of events.
  static func audit(cases: Int, jobs: Int, chunkSize: Int?) throws -> [String] {
    var lines: [String] = []
    for round in 0..<2 {
      for number in 0..<cases {
        let status = round == 1 && number % 2 == 0 ? "closed" : "open"
        lines.append(
          #"{"ticket":"T\#(number)","at":"2026-11-0\#(round + 1)T00:00:00Z","status":"\#(status)"}"#
        )
      }
    }
    lines += [
      #"{"ticket":7,"at":"2026-11-01T00:00:00Z"}"#, #"{"at":"2026-11-01T00:00:00Z"}"#,
      #"{"ticket":"T0","at":"2026-11-03T00:00:00Z","status":"open"}"#,
    ]
    let policies = try PolicySet(source: policy, file: "p.vigil")
    var options = AuditOptions(now: AuditDriverTests.now, jobs: jobs)
    options.chunkSize = chunkSize
    let driver = AuditDriver(policies.checked, options: options)
    var groups = driver.newTally()
    _ = driver.run(
      input: ByteInput(string: lines.joined(separator: "\n")), format: .jsonl, name: "data",
      groups: &groups
    ) { _ in nil }
    var found: [String] = []
    var batches = 0
    _ = driver.judge(&groups) { findings in
      batches += 1
      for case .violation(let violation) in findings {
        found.append("\(violation.policy) \(violation.record) \(violation.group?.records ?? 0)")
      }
    }
    #expect(batches == (found.count + 4095) / 4096)
    return found
  }

  /// The cases of a log, by the driver: each case's violation of `seen` and its events.
  static func cases(_ text: String, format: InputFormat) throws -> [String] {
    let policies = try PolicySet(source: policy, file: "p.vigil")
    let driver = AuditDriver(
      policies.checked, options: AuditOptions(now: AuditDriverTests.now, jobs: 1))
    var groups = driver.newTally()
    _ = driver.run(input: ByteInput(string: text), format: format, name: "data", groups: &groups) {
      _ in nil
    }
    var found: [String] = []
    _ = driver.judge(&groups) { findings in
      for case .violation(let violation) in findings where violation.policy == "seen" {
        found.append("\(violation.record) \(violation.group?.records ?? 0)")
      }
    }
    return found
  }

  /// A key written with quotes or escapes is the case of the text it stands for, as the same
  /// text written plainly (one left unread as bytes, the other read).
  @Test func keysWrittenDifferentlyAreOneCaseWhenTheirTextsAre() throws {
    // The first of two canonically equivalent texts met names their case.
    let csv = [
      "ticket,at", "T1,2026-11-01T00:00:00Z", "\"T1\",2026-11-02T00:00:00Z",
      "\"T\"\"1\",2026-11-02T00:00:00Z", "\"\",2026-11-02T00:00:00Z",
      "\u{212A},2026-11-02T00:00:00Z", "K,2026-11-02T00:00:00Z",
    ].joined(separator: "\n")
    #expect(
      try Self.cases(csv, format: .csv) == ["(missing) 1", "T\"1 1", "T1 2", "\u{212A} 2"])
    let jsonLines = [
      #"{"ticket":"T0","at":"2026-11-01T00:00:00Z"}"#,
      #"{"ticket":"T\u0030","at":"2026-11-02T00:00:00Z"}"#,
      #"{"ticket":"T\"0","at":"2026-11-02T00:00:00Z"}"#,
      #"{"ticket":"T\u00220","at":"2026-11-02T00:00:00Z"}"#,
      #"{"ticket":"e\u0301","at":"2026-11-02T00:00:00Z"}"#,
      #"{"ticket":"é","at":"2026-11-02T00:00:00Z"}"#,
    ].joined(separator: "\n")
    #expect(try Self.cases(jsonLines, format: .jsonl) == ["T\"0 2", "T0 2", "é 2"])
  }

  /// Each case's scope reaches the accountability report however many threads judge the
  /// cases (threads leave it out of their findings only when no report counts it).
  @Test(arguments: [1, 2, 3])
  func theScopeOfEveryCaseIsCountedOnAnyThreads(jobs: Int) throws {
    let lines = (0..<5000).map {
      #"{"ticket":"T\#($0)","at":"2026-11-01T00:00:00Z","status":"\#($0 % 3 == 0 ? "open" : "closed")"}"#
    }
    let policies = try PolicySet(source: Self.policy, file: "p.vigil")
    var options = AuditOptions(now: AuditDriverTests.now, jobs: jobs)
    options.accountability = true
    let driver = AuditDriver(policies.checked, options: options)
    var groups = driver.newTally()
    _ = driver.run(
      input: ByteInput(string: lines.joined(separator: "\n")), format: .jsonl, name: "data",
      groups: &groups
    ) { _ in nil }
    _ = driver.judge(&groups) { _ in }
    let shares = groups.accountability?.parties[nil]?.shares.map {
      "\($0.policy) met \($0.met) violated \($0.violated)"
    }
    #expect(shares == ["seen met 0 violated 5000", "still_open met 3333 violated 1667"])
  }

  @Test(arguments: [(1, nil), (1, 1), (2, 1), (2, 300), (3, 4096)] as [(Int, Int?)])
  func theCasesAreTheSameHoweverTheLogIsCut(jobs: Int, chunkSize: Int?) throws {
    let found = try Self.audit(cases: 5000, jobs: jobs, chunkSize: chunkSize)
    let tickets = (0..<5000).map { "T\($0)" }.sorted { TextBytes.compare($0, $1) < 0 }
    // The latest status: T0 reopened, the odd tickets never closed.
    let open = tickets.filter { $0 == "T0" || Int($0.dropFirst())! % 2 == 1 }
    let expected =
      ["seen (missing) 1", "seen 7 1"]
      + tickets.map { $0 == "T0" ? "seen T0 3" : "seen \($0) 2" }
      + open.map { $0 == "T0" ? "still_open T0 3" : "still_open \($0) 2" }
    #expect(found == expected)
  }
}
