/// The formats a violation list can be written in.
public enum ReportFormat: String, Sendable, CaseIterable {
  /// One line per violation, like a compiler diagnostic.
  case text
  /// JSON Lines: one object per violation.
  case json
  /// CSV with a header row.
  case csv
}

/// Writes violations one at a time, so an audit streams its report.
public struct ViolationWriter: Sendable {
  /// The format written.
  public let format: ReportFormat

  /// The columns of the JSON and CSV reports, in order.
  public static let columns = [
    "policy", "location", "record", "party", "action", "target", "severity", "open", "measured",
    "threshold",
  ]

  /// A writer for `format`.
  public init(format: ReportFormat) {
    self.format = format
  }

  /// What comes before the first violation (the CSV header).
  public var header: String {
    format == .csv ? Self.columns.joined(separator: ",") + "\r\n" : ""
  }

  /// One violation, with its line break.
  public func line(_ violation: Violation) -> String {
    switch format {
    case .text: return text(violation) + "\n"
    case .json: return json(violation) + "\n"
    case .csv: return csv(violation) + "\r\n"
    }
  }

  /// `rules/c.vigil:7: complaint_escalation [high] R00002 → escalate to dara: unresolved 61h12m > 48h (open)`
  public func text(_ violation: Violation) -> String {
    var out = violation.location + ":"
    if violation.policy != violation.location { out += " " + violation.policy }
    out += " [\(violation.severity.rawValue)] \(violation.record) → "
    out += violation.actions.map(\.description).joined(separator: ", ")
    if let party = violation.party,
      party != violation.actions.first(where: { $0.kind != .flag })?.target
    {
      out += " (accountable: \(party))"
    }
    if let measured = violation.measured {
      out += ": " + measured
      if let threshold = violation.threshold { out += " " + threshold }
    } else {
      out += ": when " + violation.condition
    }
    if let open = violation.open { out += open ? " (open)" : " (closed)" }
    return out
  }

  /// The violation as one JSON object with exactly the keys of `columns`.
  public func json(_ violation: Violation) -> String {
    var out = "{"
    for (index, (key, value)) in zip(Self.columns, cells(violation)).enumerated() {
      if index > 0 { out += "," }
      out += JSONText.quote(key) + ":"
      switch value {
      case .none: out += "null"
      case .some(let text) where key == "open": out += text
      case .some(let text): out += JSONText.quote(text)
      }
    }
    return out + "}"
  }

  /// The violation as one CSV row; cells a spreadsheet would run as formulas are neutralised.
  public func csv(_ violation: Violation) -> String {
    cells(violation).map { CSVText.cell($0 ?? "") }.joined(separator: ",")
  }

  private func cells(_ violation: Violation) -> [String?] {
    [
      violation.policy, violation.location, violation.record, violation.party, violation.action,
      violation.target, violation.severity.rawValue, violation.open.map { String($0) },
      violation.measured, violation.threshold,
    ]
  }
}

/// JSON string quoting.
public enum JSONText {
  /// `text` as a JSON string literal, with every character JSON requires escaped.
  public static func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}

/// CSV cell quoting (RFC 4180), safe to open in a spreadsheet.
public enum CSVText {
  /// `text` as a CSV cell: quoted when it holds a comma, quote or line break; prefixed with
  /// `'` when it begins with `=`, `+`, `-` or `@`, so a spreadsheet shows it as text.
  public static func cell(_ text: String) -> String {
    var value = text
    if let first = value.first, "=+-@".contains(first) { value = "'" + value }
    guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return value
    }
    return "\"" + value.replacingAll("\"", with: "\"\"") + "\""
  }
}

extension String {
  func replacingAll(_ target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
