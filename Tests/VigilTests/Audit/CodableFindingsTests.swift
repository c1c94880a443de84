import Foundation
import Testing
import Vigil

/// Values and what an audit finds are `Codable`: they come back as they were, and a value's
/// JSON names its kind.
@Suite("Codable findings")
struct CodableFindingsTests {
  static func json(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  @Test(
    "a value's JSON names its kind",
    arguments: [
      (Value.null, "null"),
      (.bool(true), #"{"bool":true}"#),
      (.number(2.5), #"{"number":2.5}"#),
      (.text("48h"), #"{"text":"48h"}"#),
      (.time(1_764_028_800_123), #"{"time":"2025-11-25T00:00:00.123Z"}"#),
      (.time(-62_167_219_200_001), #"{"time":-62167219200001}"#),
      (.duration(172_800_000), #"{"duration":172800000}"#),
      (.list([.text("a"), .null]), #"{"list":[{"text":"a"},null]}"#),
      (.record(["at": .time(0)]), #"{"record":{"at":{"time":"1970-01-01T00:00:00Z"}}}"#),
    ])
  func valueJSON(value: Value, json: String) throws {
    #expect(try Self.json(value) == json)
    #expect(try JSONDecoder().decode(Value.self, from: Data(json.utf8)) == value)
  }

  @Test(
    "what is not a value is refused",
    arguments: [
      #"{}"#, #"{"text":"a","number":1}"#, #"{"time":"yesterday"}"#, #"{"colour":1}"#, "3",
    ])
  func notAValue(json: String) {
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(Value.self, from: Data(json.utf8))
    }
  }

  @Test("an audit's violations, at-risk records, rejections and data errors round-trip")
  func auditRoundTrips() throws {
    let policies = try PolicySet(
      source: """
        define late = from created_at until resolved_at
        policy slow:
          late > 48h → escalate to owner, then "head" after 24h
          warn at 40h
        policy per_owner:
          per owner
          count() > 1 → notify owner
        """)
    let audit = policies.audit(
      jsonLines: """
        {"id":"A","owner":"ana","created_at":"2025-11-20T00:00:00Z"}
        {"id":"B","owner":"ana","created_at":"2025-11-23T06:00:00Z"}
        {"id":"C","owner":"bo","created_at":"yesterday"}
        not json
        """, now: Date(timeIntervalSince1970: 1_764_028_800))
    #expect(audit.violations.count == 2)
    #expect(audit.atRisk.count == 1)
    #expect(audit.violations[0].actions[0].escalation?.level == 2)
    #expect(audit.violations[1].group != nil)
    let decoder = JSONDecoder()
    let encoder = JSONEncoder()
    #expect(
      try decoder.decode([Violation].self, from: encoder.encode(audit.violations))
        == audit.violations)
    #expect(
      try decoder.decode([Violation].self, from: encoder.encode(audit.atRisk)) == audit.atRisk)
    #expect(
      try decoder.decode([Rejection].self, from: encoder.encode(audit.rejections))
        == audit.rejections)
    #expect(
      try decoder.decode([DataErrorReport].self, from: encoder.encode(audit.dataErrors))
        == audit.dataErrors)
    #expect(audit.rejections.count == 1 && audit.dataErrors.count == 1)
  }
}
