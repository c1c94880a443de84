import Foundation
import Testing
import VigilCore

@testable import Vigil

/// An embedder writes values as Swift literals and times as `Date`s.
@Suite("Values from Swift")
struct ValueLiteralTests {
  @Test func literalsAreTheValuesTheyRead() {
    let record: [String: Value] = [
      "id": "T-1", "priority": 2, "score": 0.5, "vip": true, "tags": ["a", 3],
      "customer": ["tier": "key"], "resolved_at": nil,
    ]
    #expect(
      record == [
        "id": .text("T-1"), "priority": .number(2), "score": .number(0.5), "vip": .bool(true),
        "tags": .list([.text("a"), .number(3)]), "customer": .record(["tier": .text("key")]),
        "resolved_at": .null,
      ])
  }

  @Test func datesAreTimesToTheMillisecond() {
    let date = Date(timeIntervalSince1970: 1_795_564_800.123_9)
    #expect(Value(date) == .time(1_795_564_800_123))
    #expect(Value.time(1_795_564_800_123).date == Date(timeIntervalSince1970: 1_795_564_800.123))
    #expect(Value.text("2026-11-25T00:00:00Z").date == nil)
  }

  @Test func theStreamingAuditTakesADate() throws {
    let policies = try PolicySet(
      source: "define open = from created_at until resolved_at\nopen > 48h → flag\n")
    var found: [String] = []
    let counts = policies.audit(
      input: ByteInput(string: #"{"id":"a","created_at":"2026-11-22T23:59:59Z"}"# + "\n"),
      format: .jsonl, name: "in", now: Date(timeIntervalSince1970: 1_795_564_800),
      handler: AuditHandler(
        violation: { found.append("\($0.record) \($0.measured ?? "")") }, rejection: { _ in true },
        dataError: { _ in }))
    #expect(found == ["a open 48h0m1s"])
    #expect(counts.audited == 1)
  }
}
