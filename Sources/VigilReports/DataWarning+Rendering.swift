import VigilEvaluation

extension DataWarning {
  /// The warning as standard error shows it: `warning[CODE]: MESSAGE`, then who reads the
  /// fields; `error[CODE]` when `--strict` makes it an error.
  package func rendered(asError: Bool) -> String {
    var out = "\(asError ? "error" : "warning")[\(code.rawValue)]: \(message)\n"
    if !policies.isEmpty {
      out += "  read by: \(policies.joined(separator: ", "))\n"
    }
    return out
  }

  /// The warning as a JSON object: code, input, message, fields, policies, suggestion, lines,
  /// count.
  package var json: String {
    "{\"code\":\(JSONText.quote(code.rawValue)),\"input\":\(input.map(JSONText.quote) ?? "null"),"
      + "\"message\":\(JSONText.quote(message)),"
      + "\"fields\":[\(fields.map(JSONText.quote).joined(separator: ","))],"
      + "\"policies\":[\(policies.map(JSONText.quote).joined(separator: ","))],"
      + "\"suggestion\":\(suggestion.map(JSONText.quote) ?? "null"),"
      + "\"lines\":[\(lines.map(String.init).joined(separator: ","))],\"count\":\(count)}"
  }
}
