import Foundation
import Testing
import VigilCore

@testable import Vigil

/// One case of the shared conformance cases, copied into the repository as
/// `Tests/VigilTests/Fixtures/conformance/core.json` (`.ci/run` checks that the copy equals
/// the shared folder's `conformance/core.json` beside the clone, when there is one).
struct ConformanceCase: Sendable, CustomStringConvertible {
  struct Expected: Sendable, Equatable {
    var policy: String?
    var record: String
    var party: String?
    var open: Bool?
  }
  var name: String
  var now: String
  var policy: String
  var recordLines: String
  var expect: [Expected]
  var dataErrors: Int
  var description: String { name }

  /// The copy's path.
  static let url = Paths.fixtures.appendingPathComponent("conformance/core.json")

  /// Every case of the copy; a copy that cannot be read or is not a list of cases throws,
  /// naming its path, so that a missing fixture is a failure and never an empty list.
  static func load() throws -> [ConformanceCase] {
    let data = try Data(contentsOf: url)
    guard let cases = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
      throw FixtureError(path: url.path, problem: "is not a JSON list of cases")
    }
    return cases.map { item in
      let records = (item["records"] as? [Any] ?? []).map { record in
        // INVARIANT: records are JSON objects read from JSON.
        String(decoding: try! JSONSerialization.data(withJSONObject: record), as: UTF8.self)
      }
      let expect = (item["expect"] as? [[String: Any]] ?? []).map { entry in
        Expected(
          policy: entry["policy"] as? String, record: entry["record"] as? String ?? "",
          party: entry["party"] as? String, open: entry["open"] as? Bool)
      }
      return ConformanceCase(
        name: item["name"] as? String ?? "?", now: item["now"] as? String ?? "",
        policy: item["policy"] as? String ?? "", recordLines: records.joined(separator: "\n"),
        expect: expect, dataErrors: item["data_errors"] as? Int ?? 0)
    }
  }
}

@Suite("shared conformance: Fixtures/conformance/core.json")
struct SharedConformanceTests {
  @Test func theFileHasEveryCase() throws {
    #expect(try ConformanceCase.load().count == 22)
  }

  @Test("through the library", arguments: try ConformanceCase.load())
  func library(_ test: ConformanceCase) throws {
    let policies = try PolicySet(source: test.policy, file: "case.vigil")
    guard case .time(let now) = TimeParsing.parseISO8601(test.now) else {
      Issue.record("bad now")
      return
    }
    let audit = policies.audit(
      jsonLines: test.recordLines, now: Date(timeIntervalSince1970: Double(now) / 1000))
    let got = audit.violations.map { violation in
      ConformanceCase.Expected(
        policy: violation.policy, record: violation.record, party: violation.party,
        open: violation.open)
    }
    #expect(got.count == test.expect.count, "\(audit.violations)")
    for (found, wanted) in zip(got, test.expect) {
      if let policy = wanted.policy { #expect(found.policy == policy) }
      #expect(found.record == wanted.record)
      #expect(found.party == wanted.party)
      if let open = wanted.open { #expect(found.open == open) }
    }
    #expect(audit.dataErrors.count == test.dataErrors, "\(audit.dataErrors)")
    #expect(audit.rejections.isEmpty)
  }

  @Test("through the command line's JSON output", arguments: try ConformanceCase.load())
  func commandLine(_ test: ConformanceCase) throws {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("vigil-conformance-\(UUID().uuidString).vigil")
    try test.policy.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let result = vigil(
      [
        "audit", file.path, "--data", "-", "--input-format", "jsonl", "--format", "json",
        "--now", test.now,
      ], stdin: test.recordLines)
    #expect(result.code == (test.expect.isEmpty ? 0 : 1))
    let got = try jsonViolations(result.stdout)
    #expect(got.count == test.expect.count, "\(result.stdout)")
    // Neither open nor closed: counted apart in the summary line.
    let undetermined = got.filter { $0.open == nil }.count
    for (found, wanted) in zip(got, test.expect) {
      if let policy = wanted.policy { #expect(found.policy == policy) }
      #expect(found.record == wanted.record)
      #expect(found.party == wanted.party)
      if let open = wanted.open { #expect(found.open == open) }
    }
    #expect(
      result.stderr.hasSuffix(
        "\(test.expect.isEmpty ? 0 : test.expect.count) violation\(test.expect.count == 1 ? "" : "s") "
          .replacingOccurrences(of: "0 violation ", with: "0 violations ")
          + "(\(test.expect.filter { $0.open == true }.count) open"
          + (undetermined > 0 ? ", \(undetermined) undetermined), " : "), ")
          + "\(test.dataErrors) data error\(test.dataErrors == 1 ? "" : "s")\n"),
      "\(result.stderr)")
  }
}
