import VigilCore
import VigilEvaluation

/// What every report of an audit says about the audit as a whole: its instant, its counts, and
/// (when run by `vigil audit`) where it came from. One value, rendered by every writer: the
/// text summary on standard error, the accountability report's JSON `audit` object, CSV
/// `audit` rows and HTML header, and the last line of the violations' JSON Lines. A new
/// fact about the audit is added here once and to each rendering below.
package struct AuditSummary: Sendable, Hashable {
  /// The audit instant, in milliseconds since the epoch.
  package var now: Int64
  /// The audit's counts.
  package var counts: AuditCounts
  /// Where the report came from; nil for an audit run by a program, not by `vigil audit`.
  package var provenance: AuditProvenance?
  /// What the inputs as wholes made doubtful: fields no record has, fields given twice,
  /// repeated record ids, no policies (`DataWarning`), in the order met.
  package var warnings: [DataWarning] = []

  /// The summary of an audit as of `now`.
  package init(now: Int64, counts: AuditCounts, provenance: AuditProvenance? = nil) {
    self.now = now
    self.counts = counts
    self.provenance = provenance
  }

  // MARK: - Text

  /// The provenance as lines for standard error, before the summary line:
  ///
  ///     audit by vigil 0.1.0
  ///       now: 2026-11-25T00:00:00Z (given: --now 2026-11-25T00:00:00Z)
  ///       policies: sha256 0c5d… of 2 files
  ///         rules/a.vigil
  ///         rules/holidays.txt (holidays)
  ///       data: examples/months.jsonl (81234 bytes, 246 lines)
  ///       directory: examples/people.csv (371 bytes, 12 lines)
  package var provenanceText: String {
    guard let provenance else { return "" }
    let policies = provenance.policies
    var out = "audit by vigil \(provenance.version)\n"
    out += "  now: \(TimeParsing.formatISO8601(now)) (\(provenance.nowSource.description))\n"
    out += "  policies: sha256 \(policies.sha256) of \(policies.files.count) "
    out += policies.files.count == 1 ? "file\n" : "files\n"
    for file in policies.files {
      out += "    \(file.path)" + (file.kind == .policy ? "" : " (\(file.kind.rawValue))") + "\n"
    }
    for file in provenance.data { out += "  data: \(file.description)\n" }
    if let directory = provenance.directory { out += "  directory: \(directory.description)\n" }
    return out
  }

  // MARK: - JSON

  /// The summary as one JSON object: the accountability report's `audit`, and the
  /// `summary` of the violations' last JSON line.
  package var json: String {
    var out = "{\"now\":\(JSONText.quote(TimeParsing.formatISO8601(now)))"
    if let provenance {
      out += ",\"now_from\":\"\(provenance.nowSource.name)\""
      out += ",\"now_given\":" + (provenance.nowSource.text.map(JSONText.quote) ?? "null")
      out += ",\"version\":\(JSONText.quote(provenance.version))"
      out += ",\"policies\":{\"sha256\":\"\(provenance.policies.sha256)\",\"files\":["
      out += provenance.policies.files.map { file in
        "{\"path\":\(JSONText.quote(file.path)),\"kind\":\"\(file.kind.rawValue)\","
          + "\"bytes\":\(file.bytes),\"sha256\":\"\(file.sha256)\"}"
      }.joined(separator: ",")
      out += "]},\"data\":[" + provenance.data.map(Self.json).joined(separator: ",") + "]"
      out += ",\"directory\":" + (provenance.directory.map(Self.json) ?? "null")
    }
    out += ",\"records\":\(counts.audited),\"rejected\":\(counts.rejected)"
    out += ",\"violations\":\(counts.violations),\"open\":\(counts.open)"
    out += ",\"closed\":\(counts.closed),\"undetermined\":\(counts.undetermined)"
    out += ",\"data_errors\":\(counts.dataErrors),\"not_enough_data\":\(counts.notEnoughData)"
    out += ",\"at_risk\":\(counts.atRisk),\"dishonest_pauses\":\(counts.dishonestPauses)"
    out += ",\"warnings\":[\(warnings.map(\.json).joined(separator: ","))]}"
    return out
  }

  private static func json(_ file: AuditProvenance.DataFile) -> String {
    "{\"path\":\(JSONText.quote(file.path)),\"bytes\":\(file.bytes),\"lines\":\(file.lines)}"
  }

  // MARK: - CSV

  /// The summary as (key, value) pairs, one CSV row each: `now`, `now_from`, `now_given`,
  /// `version`, `policies_sha256`, a `policy_file` (or `holidays_file`) per file, a
  /// `data_file` per data file followed by its `data_bytes` and `data_lines`, the same for
  /// `directory_…`, then the counts.
  package var keyValues: [(key: String, value: String)] {
    var pairs: [(String, String)] = [("now", TimeParsing.formatISO8601(now))]
    if let provenance {
      pairs += [
        ("now_from", provenance.nowSource.name), ("now_given", provenance.nowSource.text ?? ""),
        ("version", provenance.version), ("policies_sha256", provenance.policies.sha256),
      ]
      pairs += provenance.policies.files.map { ("\($0.kind.rawValue)_file", $0.path) }
      for file in provenance.data { pairs += Self.pairs("data", file) }
      if let directory = provenance.directory { pairs += Self.pairs("directory", directory) }
    }
    return pairs + [
      ("records", "\(counts.audited)"), ("rejected", "\(counts.rejected)"),
      ("violations", "\(counts.violations)"), ("open", "\(counts.open)"),
      ("closed", "\(counts.closed)"), ("undetermined", "\(counts.undetermined)"),
      ("data_errors", "\(counts.dataErrors)"), ("not_enough_data", "\(counts.notEnoughData)"),
      ("at_risk", "\(counts.atRisk)"), ("dishonest_pauses", "\(counts.dishonestPauses)"),
    ] + warnings.map { ("warning", "[\($0.code.rawValue)] \($0.message)") }
  }

  private static func pairs(
    _ kind: String, _ file: AuditProvenance.DataFile
  ) -> [(String, String)] {
    [
      ("\(kind)_file", file.path), ("\(kind)_bytes", "\(file.bytes)"),
      ("\(kind)_lines", "\(file.lines)"),
    ]
  }
}

extension AuditCounts {
  /// `29 violations (9 open, 3 undetermined)`: the undetermined only when there are some.
  package var violationsText: String {
    "\(violations) \(violations == 1 ? "violation" : "violations") (\(open) open"
      + (undetermined > 0 ? ", \(undetermined) undetermined)" : ")")
  }
}
