import VigilCore
import VigilSemantics

/// The parts of a query: one SELECT per policy, and the CTEs that read the records.
extension SQLQuery {
  var nullText: String { "CAST(NULL AS \(dialect.textType))" }

  /// The rows of one policy's violations.
  mutating func violationSelect(_ index: Int, _ rule: CompiledRule) -> String {
    let policy = program.policies[index]
    // The audit prefers a state's evidence to a value's; each in evaluation order. Which one
    // decided is found once per row (`vigil_evidence`), then read for each column.
    let ordered = rule.evidence.filter(\.isState) + rule.evidence.filter { !$0.isState }
    let decided =
      ordered.isEmpty
      ? "CAST(NULL AS INT)"
      : "CASE "
        + ordered.enumerated().map { "WHEN \($1.when) THEN \($0)" }.joined(separator: " ")
        + " END"
    func cases(_ value: (SQLEvidence) -> String?) -> String {
      let branches = ordered.enumerated().compactMap { index, item in
        value(item).map { "WHEN \(index) THEN \($0)" }
      }
      return branches.isEmpty
        ? "NULL" : "CASE vigil_evidence " + branches.joined(separator: " ") + " END"
    }
    let measured = cases { item in
      let site = program.sites[item.site]
      let separator = site.op == nil ? " open for " : " "
      return dialect.concat([dialect.text(site.label + separator), item.measured])
    }
    let threshold = cases { item in thresholdText(program.sites[item.site]).map(dialect.text) }
    let open = cases { $0.isState ? $0.open : nil }
    let values = [
      dialect.text(policy.name), dialect.text(policy.location), recordName(), rule.party,
      dialect.text(rule.action), rule.target, dialect.text(policy.severity.rawValue),
      "CAST(\(open) AS BOOLEAN)", "CAST(\(measured) AS \(dialect.textType))",
      "CAST(\(threshold) AS \(dialect.textType))", nullText, "CAST(NULL AS \(dialect.bigint))",
      nullText, nullText,
    ]
    let columns =
      ["\(index) AS vigil_policy", "vigil_row"]
      + zip(values, Self.columns).map { "\($0) AS \(dialect.identifier($1))" }
    return "SELECT " + columns.joined(separator: ",\n  ")
      + "\nFROM (SELECT vigil_values.*, \(decided) AS vigil_evidence FROM vigil_values"
      + "\nWHERE (\(rule.condition.sql)) IS TRUE) AS vigil_fired"
  }

  /// `> 48h`: a site's operator (as the measured side sees it) and threshold as written.
  func thresholdText(_ site: ComparisonSite) -> String? {
    guard let op = site.op, let threshold = site.threshold else { return nil }
    let flipped: [String: String] = ["<": ">", "<=": ">=", ">": "<", ">=": "<="]
    let shown = site.measuredOnRight ? flipped[op] ?? op : op
    return "\(shown) \(threshold)"
  }

  /// The rows of one policy's data errors: the first one each record meets.
  mutating func errorSelect(_ index: Int, _ errors: [SQLDataError]) -> String {
    func cases(_ value: (SQLDataError) -> String) -> String {
      "CASE "
        + errors.map { "WHEN COALESCE(\($0.when), FALSE) THEN \(value($0))" }.joined(separator: " ")
        + " END"
    }
    let any = errors.map { "COALESCE(\($0.when), FALSE)" }.joined(separator: " OR ")
    let values = [
      "'data_error'", dialect.text(options.input.name), "vigil_line", recordName(),
      dialect.text(program.policies[index].name),
      "CAST(\(cases { dialect.text($0.field) }) AS \(dialect.textType))",
      "CAST(\(cases(\.value)) AS \(dialect.textType))",
      "CAST(\(cases(\.message)) AS \(dialect.textType))",
    ]
    let columns =
      ["\(index) AS vigil_policy", "vigil_row"]
      + zip(values, Self.errorColumns).map { "\($0) AS \(dialect.identifier($1))" }
    return "SELECT " + columns.joined(separator: ",\n  ") + "\nFROM vigil_values WHERE \(any)"
  }

  /// A SELECT with `columns` and no row.
  mutating func emptySelect(_ columns: [String]) -> String {
    "SELECT 0 AS vigil_policy, vigil_row, "
      + columns.map { "\(nullText) AS \(dialect.identifier($0))" }.joined(separator: ", ")
      + " FROM vigil_values WHERE FALSE"
  }

  /// The whole query: the records read, each field once, then the policies' rows in the
  /// audit's order (by record, then by policy).
  mutating func assemble(_ rows: String, columns: [String]) throws -> String {
    _ = compiler.column(options.idField)
    let input = options.input
    let now =
      options.now.map { "CAST(\($0) AS \(dialect.bigint))" }
      ?? compiler.text.isoTime(dialect.nowParameter)
    let fields = compiler.fields.enumerated().map { index, path in
      "\(input.field(path, dialect, missing: program.missingTexts)) AS f\(index)"
    }
    // A time field's text is matched once per row (`m…`, where the engine reads all the
    // parts with one match), its parts read as integers once (`p…`, where the engine keeps
    // them in a struct), then the instant computed from them.
    let timeColumns = compiler.timeColumns.sorted()
    let matches = timeColumns.compactMap { index in
      compiler.text.isoMatch("f\(index)").map { "\($0) AS m\(index)" }
    }
    let numbers = timeColumns.compactMap { index in
      compiler.text.isoNumbers(matched: "m\(index)").map { "\($0) AS p\(index)" }
    }
    let times = timeColumns.map { index in
      let time =
        !numbers.isEmpty
        ? compiler.text.isoTime(numbers: "p\(index)")
        : !matches.isEmpty
          ? compiler.text.isoTime(matched: "m\(index)") : compiler.text.isoTime("f\(index)")
      return "\(time) AS t\(index)"
    }
    var ctes = try input.source(dialect)
    ctes.append(
      "vigil_fields AS (SELECT vigil_row, vigil_line, \(now) AS vigil_now"
        + fields.map { ",\n  " + $0 }.joined() + "\nFROM vigil_source)")
    var last = "vigil_fields"
    for (name, columns) in [("vigil_matches", matches), ("vigil_numbers", numbers)]
    where !columns.isEmpty {
      ctes.append(
        "\(name) AS (SELECT *" + columns.map { ",\n  " + $0 }.joined() + "\nFROM \(last))")
      last = name
    }
    ctes.append(
      "vigil_values AS (SELECT *" + times.map { ",\n  " + $0 }.joined() + "\nFROM \(last))")
    let header =
      "-- vigil sql: \(dialect.displayName); the columns of vigil audit --format csv, in its order"
    return header + "\nWITH " + ctes.joined(separator: ",\n") + "\nSELECT "
      + columns.map(dialect.identifier).joined(separator: ", ") + " FROM (\n" + rows
      + "\n) AS vigil_rows ORDER BY vigil_row, vigil_policy\n"
  }
}
