import Foundation
import Testing
import VigilCore
import VigilRecords

@testable import Vigil

/// A case of Tests/VigilTests/Fixtures/conformance: a policy file with inline expectations.
struct FolderCase: Sendable, CustomStringConvertible {
  struct Expected: Sendable {
    var policy: String
    var record: String
    var party: String??
    var open: Bool??
    /// For a policy judged per cycle: `2of3`, the cycle its violation names.
    var cycle: String?
    /// For a policy naming a holder: `ana:3600000,bo*:1800000`, each holder's time in
    /// milliseconds in the order they first held (`-` for no holder), `*` after the holder
    /// when it broke.
    var held: String?
  }
  var file: String
  var source: String
  var now: String = "2026-11-25T00:00:00Z"
  var records: [String] = []
  var expect: [Expected] = []
  var dataErrors = 0
  var description: String { file }

  static let folder = Paths.fixtures.appendingPathComponent("conformance")

  static func all() -> [FolderCase] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    var cases: [FolderCase] = []
    for name in names.filter({ $0.hasSuffix(".vigil") }).sorted() {
      let url = folder.appendingPathComponent(name)
      guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
      cases.append(FolderCase(file: name, source: text).parsed())
    }
    return cases
  }

  func parsed() -> FolderCase {
    var result = self
    for line in source.split(separator: "\n") where line.hasPrefix("# ") {
      let body = line.dropFirst(2)
      guard let colon = body.firstIndex(of: ":") else { continue }
      let key = body[..<colon]
      let value = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      switch key {
      case "now": result.now = value
      case "record": result.records.append(value)
      case "data-errors": result.dataErrors = Int(value) ?? -1
      case "expect" where value != "none": result.expect.append(Self.expectation(value))
      default: break
      }
    }
    return result
  }

  static func expectation(_ text: String) -> Expected {
    let words = text.split(separator: " ").map(String.init)
    var expected = Expected(policy: words[0], record: words.count > 1 ? words[1] : "")
    for word in words.dropFirst(2) {
      if word.hasPrefix("party=") {
        let party = String(word.dropFirst(6))
        expected.party = .some(party == "-" ? nil : party)
      } else if word.hasPrefix("cycle=") {
        expected.cycle = String(word.dropFirst(6))
      } else if word.hasPrefix("held=") {
        expected.held = String(word.dropFirst(5))
      } else if word.hasPrefix("open=") {
        let open = word.dropFirst(5)
        expected.open = .some(open == "null" ? nil : open == "true")
      }
    }
    return expected
  }

  /// Checks violations (policy, record, party, open) and data errors against the expectations.
  func verify(
    _ violations: [(policy: String, location: String, record: String, party: String?, open: Bool?)],
    dataErrors: Int, cycles: [String?], held: [String?]? = nil
  ) {
    #expect(violations.count == expect.count, "\(violations)")
    // Each holder's time, as `held=` writes it (the library's violations only: reports
    // carry the holders in their text).
    if let held { #expect(held == expect.map(\.held)) }
    // The cycle each violation names (`cycle 2 of 3`), as `2of3`; nil for other policies.
    let named = cycles.map {
      $0?.replacingOccurrences(of: "cycle ", with: "").replacingOccurrences(of: " of ", with: "of")
    }
    #expect(named == expect.map(\.cycle))
    for (got, wanted) in zip(violations, expect) {
      if wanted.policy.hasPrefix(":") {
        #expect(got.location.hasSuffix(wanted.policy) && got.policy == got.location)
      } else {
        #expect(got.policy == wanted.policy)
      }
      #expect(got.record == wanted.record)
      if let party = wanted.party { #expect(got.party == party, "party of \(got.record)") }
      if let open = wanted.open { #expect(got.open == open, "open of \(got.record)") }
    }
    #expect(dataErrors == self.dataErrors)
  }
}

/// A violation's holders as a conformance case's `held=` gives them.
func heldText(_ split: HolderSplit) -> String {
  let breacher = split.breach.map { split.stretches[$0].holder }
  return split.holders.map { holder in
    (holder.holder ?? "-") + (breacher.map { $0 == holder.holder } == true ? "*" : "") + ":"
      + String(holder.held)
  }.joined(separator: ",")
}

@Suite("Conformance folder (Fixtures/conformance)")
struct ConformanceFolderTests {
  /// The cases the folder holds today: all must be there (more may be added), and every
  /// `.vigil` file of the folder must be read as a case, none left out.
  @Test func theFolderHasCases() throws {
    let path = FolderCase.folder.path
    let files = try FileManager.default.contentsOfDirectory(atPath: path)
      .filter { $0.hasSuffix(".vigil") }.sorted()
    #expect(FolderCase.all().map(\.file) == files, "a case of \(path) could not be read")
    let known: Set<String> = [
      "calendar_versions.vigil", "coalesce_paths.vigil", "continuation.vigil", "cycles.vigil",
      "dst_rome.vigil", "holders.vigil", "honest_pauses.vigil",
      "end_before_start.vigil",
      "first_state_decides_open.vigil", "membership_nulls.vigil", "neglect.vigil",
      "now_boundaries.vigil", "parties.vigil", "record_cycles.vigil", "record_holders.vigil",
      "reserved_names.vigil", "state_between.vigil",
      "text_exact.vigil", "text_numbers.vigil",
    ]
    #expect(known.subtracting(files).sorted() == [], "missing from \(path)")
  }

  @Test("through the library", arguments: FolderCase.all())
  func library(_ test: FolderCase) throws {
    let policies = try PolicySet(source: test.source, file: test.file)
    guard case .time(let now) = TimeParsing.parseISO8601(test.now) else { throw Failure("now") }
    let audit = policies.audit(
      jsonLines: test.records.joined(separator: "\n"),
      now: Date(timeIntervalSince1970: Double(now) / 1000))
    test.verify(
      audit.violations.map { ($0.policy, $0.location, $0.record, $0.party, $0.open) },
      dataErrors: audit.dataErrors.count, cycles: audit.violations.map { $0.cycle?.text },
      held: audit.violations.map { $0.holders.map(heldText) })
    // A case's stretches add up to the state's length, to the millisecond.
    for violation in audit.violations {
      guard let split = violation.holders else { continue }
      #expect(
        violation.measurement?.value == .duration(split.total),
        "\(violation.policy) \(violation.record)")
    }
  }

  @Test("through the command line's JSON", arguments: FolderCase.all())
  func commandLine(_ test: FolderCase) throws {
    let path = FolderCase.folder.appendingPathComponent(test.file).path
    let result = vigil(
      [
        "audit", path, "--data", "-", "--input-format", "jsonl", "--format", "json", "--now",
        test.now,
      ],
      stdin: test.records.joined(separator: "\n"))
    #expect(result.code == (test.expect.isEmpty ? 0 : 1))
    let violations = try jsonViolations(result.stdout)
    // `…, 0 data errors` (then, if any, `, 2 dishonest pauses`).
    let errors = result.stderr.split(separator: "\n").last.flatMap { line in
      line.split(separator: ", ").last {
        $0.hasSuffix(" data errors") || $0.hasSuffix(" data error")
      }?
      .split(separator: " ").first.flatMap { Int($0) }
    }
    // Of a case judged per cycle, JSON's `window` names the cycle.
    var windows: [String?] = []
    for line in result.stdout.split(separator: "\n").dropLast() {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      // A dishonest pause's row (`finding`) is no violation.
      guard object?["finding"] as? String != "dishonest pause" else { continue }
      windows.append((object?["window"] as? String).flatMap { $0.hasPrefix("cycle ") ? $0 : nil })
    }
    test.verify(violations, dataErrors: errors ?? -1, cycles: windows)
  }
}

/// The violations of a JSON Lines report. `vigil audit`'s ends with the audit's summary
/// (`{"summary":{…}}`), which must be there (`summary`); the library's has none.
func jsonViolations(
  _ text: String, summary: Bool = true
) throws -> [(policy: String, location: String, record: String, party: String?, open: Bool?)] {
  let lines = text.split(separator: "\n")
  guard summary else { return try violations(lines) }
  guard let last = lines.last,
    let summary = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any],
    summary.keys.sorted() == ["summary"]
  else { throw Failure("the report does not end with its summary line: \(text)") }
  return try violations(lines.dropLast())
}

private func violations(
  _ lines: some Sequence<Substring>
) throws -> [(policy: String, location: String, record: String, party: String?, open: Bool?)] {
  // A dishonest pause's row (`finding`) is no violation.
  try lines.compactMap { line in
    guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    else { throw Failure("not an object: \(line)") }
    guard object["finding"] as? String != "dishonest pause" else { return nil }
    return (
      object["policy"] as? String ?? "", object["location"] as? String ?? "",
      object["record"] as? String ?? "", object["party"] as? String,
      object["open"] as? Bool
    )
  }
}
