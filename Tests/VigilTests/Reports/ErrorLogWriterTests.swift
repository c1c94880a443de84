import Testing
import VigilCore
import VigilEvaluation
import VigilReports

@testable import Vigil

/// `vigil audit --errors FILE`: one JSON object per rejected line or data error.
@Suite("Error log lines")
struct ErrorLogWriterTests {
  static func dataError(
    _ value: Value, input: String = "a.jsonl", line: Int = 7, help: String? = nil
  ) -> AuditEvent {
    .dataError(
      DataErrorReport(
        input: input, line: line, record: "R7", policy: "slow",
        error: DataError(field: "created_at", value: value, message: "m", help: help)))
  }

  static let prefix =
    #"{"kind":"data_error","file":"a.jsonl","line":7,"record":"R7","policy":"slow","field":"created_at","value":"#

  @Test(
    "every kind of value is written as JSON, as it was read",
    arguments: [
      (Value.text("soon"), #""soon""#),
      (.text("say \"hi\"\n\\"), #""say \"hi\"\n\\""#),
      (.number(3), "3"),
      (.number(2.5), "2.5"),
      (.number(.nan), #""nan""#),
      (.number(-.infinity), #""-inf""#),
      (.bool(false), "false"),
      (.null, "null"),
      (.time(1_795_564_800_001), #""2026-11-25T00:00:00.001Z""#),
      (.duration(172_800_001), #""48h0m0.001s""#),
      (.list([.number(1), .text("a"), .null]), #"[1,"a",null]"#),
      (.record(["b": .number(1), "a": .list([])]), #"{"a":[],"b":1}"#),
    ])
  func values(_ value: Value, _ json: String) {
    #expect(
      ErrorLogWriter.line(Self.dataError(value)) == Self.prefix + json + #","message":"m"}"# + "\n")
  }

  @Test func rejectedLinesDataErrorsAndGroups() {
    let cases: [(AuditEvent, String)] = [
      (
        .rejected(Rejection(input: "a.jsonl", line: 6, reason: "invalid JSON at column 34")),
        #"{"kind":"rejected","file":"a.jsonl","line":6,"record":null,"policy":null,"field":null,"value":null,"message":"invalid JSON at column 34"}"#
      ),
      // A read error of the whole input has no line.
      (
        .rejected(Rejection(input: "a.jsonl", line: 0, reason: "cannot read a.jsonl: I/O error")),
        #"{"kind":"rejected","file":"a.jsonl","line":null,"record":null,"policy":null,"field":null,"value":null,"message":"cannot read a.jsonl: I/O error"}"#
      ),
      (
        Self.dataError(.text("soon"), help: "times are ISO-8601"),
        Self.prefix + #""soon","message":"m","help":"times are ISO-8601"}"#
      ),
      // A group's error has no file and no line; its record is the group.
      (
        Self.dataError(.text("x"), input: "", line: 0),
        #"{"kind":"data_error","file":null,"line":null,"record":"R7","policy":"slow","field":"created_at","value":"x","message":"m"}"#
      ),
    ]
    for (event, json) in cases {
      #expect(ErrorLogWriter.line(event) == json + "\n")
    }
  }
}
