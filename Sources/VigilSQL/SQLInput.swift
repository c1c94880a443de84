import VigilCore

/// Where a query reads its records, and how it reads a field of one as a text.
package enum SQLInput: Sendable {
  /// An existing table or view: a column per field; a nested field is the column named by
  /// its dotted path (`"customer.tier"`), as a CSV header names it.
  case table(String)
  /// A CSV file with a header (given, so that a field the file lacks reads as missing).
  case csv(path: String, header: [String])
  /// A JSON Lines file.
  case jsonLines(path: String)

  /// The name a record without an id is named after (`NAME:LINE`).
  package var name: String {
    switch self {
    case .table(let name): return name
    case .csv(let path, _), .jsonLines(let path): return path
    }
  }

  /// The CTEs that give `vigil_source`: one row per record, with `vigil_row` (the records'
  /// order) and `vigil_line` (the record's line, for its name when it has no id).
  func source(_ dialect: SQLDialect) throws -> [String] {
    switch (self, dialect) {
    case (.table(let name), _):
      // The table's order as the engine scans it (Spark numbers rows only in an order).
      let number =
        dialect == .spark
        ? "row_number() OVER (ORDER BY monotonically_increasing_id())" : "row_number() OVER ()"
      return [
        "vigil_source AS (SELECT \(number) AS vigil_row, \(number) AS vigil_line, vigil_table.* FROM \(tableName(name, dialect)) AS vigil_table)"
      ]
    case (.csv(let path, let header), .duckdb):
      let names = header.indices.map { "'c\($0)'" }.joined(separator: ", ")
      // A record's line: after the header and every earlier record's lines (a quoted cell
      // may hold line breaks).
      let breaks = header.indices.map {
        "COALESCE(LENGTH(c\($0)) - LENGTH(REPLACE(c\($0), chr(10), '')), 0)"
      }.joined(separator: " + ")
      return [
        """
        vigil_cells AS (SELECT row_number() OVER () AS vigil_row, * \
        FROM read_csv(\(dialect.text(path)), header = true, all_varchar = true, delim = ',', quote = '"', \
        escape = '"', null_padding = true, parallel = false, names = [\(names)]))
        """,
        """
        vigil_source AS (SELECT vigil_row, 2 + COALESCE(SUM(1 + \(breaks)) OVER (ORDER BY vigil_row \
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS vigil_line, * FROM vigil_cells)
        """,
      ]
    case (.jsonLines(let path), .duckdb):
      return [
        """
        vigil_lines AS (SELECT unnest(range(1, len(vigil_text) + 1)) AS vigil_line, unnest(vigil_text) AS vigil_json \
        FROM (SELECT string_split(content, chr(10)) AS vigil_text FROM read_text(\(dialect.text(path)))))
        """,
        """
        vigil_source AS (SELECT vigil_line AS vigil_row, vigil_line, vigil_json FROM vigil_lines \
        WHERE json_valid(vigil_json) AND json_type(vigil_json) = 'OBJECT')
        """,
      ]
    case (.jsonLines(let path), .spark):
      // Each line of the file, numbered in the file's order; an object's lines are records.
      return [
        "vigil_lines AS (SELECT row_number() OVER (ORDER BY monotonically_increasing_id())"
          + " AS vigil_line, value AS vigil_json FROM text.\(dialect.identifier(path)))",
        "vigil_source AS (SELECT vigil_line AS vigil_row, vigil_line, vigil_json FROM vigil_lines"
          + " WHERE json_object_keys(vigil_json) IS NOT NULL)",
      ]
    case (.csv(let path, let header), .spark):
      return SparkCSV(path: path, columns: header.count, dialect: dialect).ctes
    default:
      throw SQLGap(
        "reading a file (--data)", at: .rule,
        reason: "name a table or view whose columns are the fields instead")
    }
  }

  /// A table's name: `schema.table` is kept as written; a plain name is quoted.
  func tableName(_ name: String, _ dialect: SQLDialect) -> String {
    FieldPath.isPlainIdentifier(name) || name.contains(".") ? name : dialect.identifier(name)
  }

  /// A field's text in `vigil_source`; `missing` are the texts a CSV cell means missing by.
  func field(_ path: FieldPath, _ dialect: SQLDialect, missing: [String]) -> String {
    switch self {
    case .table:
      return "CAST(\(dialect.identifier(path.dotted)) AS \(dialect.textType))"
    case .csv(_, let header):
      guard let index = header.firstIndex(of: path.dotted) else {
        return "CAST(NULL AS \(dialect.textType))"
      }
      let cell = "c\(index)"
      guard !missing.isEmpty else { return "NULLIF(\(cell), '')" }
      let texts = missing.map(dialect.text).joined(separator: ", ")
      return "(CASE WHEN \(cell) IN (\(texts)) THEN NULL ELSE NULLIF(\(cell), '') END)"
    case .jsonLines where dialect == .spark:
      let keys = path.components.map { "['" + $0 + "']" }.joined()
      return "get_json_object(vigil_json, \(dialect.text("$" + keys)))"
    case .jsonLines:
      let keys = path.components.map { "\"" + $0 + "\"" }.joined(separator: ".")
      return "json_extract_string(vigil_json, \(dialect.text("$." + keys)))"
    }
  }
}
