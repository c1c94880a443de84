import VigilCore
import VigilEvaluation

/// Writes the rejected lines and data errors of an audit as JSON Lines (`vigil audit --errors
/// FILE`): one object per line, in the order the audit met them.
///
/// Every object has the keys of `keys`, in that order, and `help` after them when the data
/// error has a hint:
///
///     {"kind":"rejected","file":"a.jsonl","line":6,"record":null,"policy":null,"field":null,"value":null,"message":"invalid JSON at column 34: expected ',' or '}'"}
///     {"kind":"data_error","file":"a.jsonl","line":5,"record":"R4","policy":"slow","field":"created_at","value":"soon","message":"cannot read 'soon' as a time","help":"…"}
///
/// A group's data error has no file or line (`null`); its `record` names the group. A read
/// error of the whole input is a rejection with `line` null.
package enum ErrorLogWriter {
  /// The keys of every line, in order; `help` follows when there is one.
  package static let keys = [
    "kind", "file", "line", "record", "policy", "field", "value", "message",
  ]

  /// Appends `event` as one JSON line, with its line feed; returns false, appending nothing,
  /// for an event that is neither a rejected line nor a data error (a group with not enough
  /// data, a warning about an input as a whole: those are in the audit's summary).
  @discardableResult
  package static func write(_ event: AuditEvent, to out: inout [UInt8]) -> Bool {
    switch event {
    case .rejected(let rejection):
      out.append("{\"kind\":\"rejected\",\"file\":")
      JSONText.append(rejection.input, to: &out)
      out.append(",\"line\":")
      appendLine(rejection.line, to: &out)
      out.append(",\"record\":null,\"policy\":null,\"field\":null,\"value\":null,\"message\":")
      JSONText.append(rejection.reason, to: &out)
    case .dataError(let report):
      // A group's error has no input and no line of its own.
      let inGroup = report.line == 0 && report.input.isEmpty
      out.append("{\"kind\":\"data_error\",\"file\":")
      JSONText.append(inGroup ? nil : report.input, to: &out)
      out.append(",\"line\":")
      appendLine(report.line, to: &out)
      out.append(",\"record\":")
      JSONText.append(report.record, to: &out)
      out.append(",\"policy\":")
      JSONText.append(report.policy, to: &out)
      out.append(",\"field\":")
      JSONText.append(report.error.field, to: &out)
      out.append(",\"value\":")
      JSONText.append(value: report.error.value, to: &out)
      out.append(",\"message\":")
      JSONText.append(report.error.message, to: &out)
      if let help = report.error.help {
        out.append(",\"help\":")
        JSONText.append(help, to: &out)
      }
    case .notEnoughData, .warning:
      // A group too small to judge, a doubt about an input as a whole: no error of a line.
      return false
    }
    out.append("}\n")
    return true
  }

  /// `event` as one JSON line with its line feed, or nil (see `write(_:to:)`).
  package static func line(_ event: AuditEvent) -> String? {
    var out: [UInt8] = []
    guard write(event, to: &out) else { return nil }
    return String(decoding: out, as: UTF8.self)
  }

  /// A line number, or `null` for none (0).
  private static func appendLine(_ line: Int, to out: inout [UInt8]) {
    out.append(line > 0 ? String(line) : "null")
  }
}

extension JSONText {
  /// Appends `value` as JSON: texts, numbers, truth values, lists and nested records as
  /// themselves; times as ISO-8601 texts and durations as Vigil writes them (`48h0m0.001s`);
  /// a number JSON cannot hold (NaN, infinity) as a text.
  package static func append(value: Value, to out: inout [UInt8]) {
    switch value {
    case .null: out.append("null")
    case .bool(let truth): out.append(truth ? "true" : "false")
    case .number(let number):
      if number.isFinite {
        out.append(Operations.formatNumber(number))
      } else {
        append(String(number), to: &out)
      }
    case .text(let text): append(text, to: &out)
    case .time(let instant): append(TimeParsing.formatISO8601(instant), to: &out)
    case .duration(let length): append(DurationFormat.format(length), to: &out)
    case .list(let items):
      out.append("[")
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(",") }
        append(value: item, to: &out)
      }
      out.append("]")
    case .record(let fields):
      out.append("{")
      for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
        if index > 0 { out.append(",") }
        append(field.key, to: &out)
        out.append(":")
        append(value: field.value, to: &out)
      }
      out.append("}")
    }
  }
}
