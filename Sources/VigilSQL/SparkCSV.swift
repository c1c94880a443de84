/// A CSV file read by Spark SQL in one query (`--data FILE.csv`). Spark's `csv.`path`` reads
/// with its default options — a backslash escapes, a doubled quote is not one quote, a line
/// break ends a record even inside quotes — and a query cannot set others; so the file is read
/// whole (`binaryFile.`path``, decoded as UTF-8) and cut into cells by one regular expression
/// as RFC 4180 writes them (a quoted cell may hold commas, line breaks and doubled quotes;
/// records end at LF or CRLF). Each cell's record is the number of line ends before it, its
/// column its place in the record, its line the line breaks before its record; the first
/// record is the header. The CTEs give `vigil_source`, a column per header name (`c0`, …).
struct SparkCSV {
  var path: String
  /// The number of the header's columns.
  var columns: Int
  var dialect: SQLDialect

  /// A cell: quoted (doubled quotes inside), or up to the next comma, quote or line end.
  /// Written as Java reads it (`\r`, `\n`), the literal's backslashes escaped by `text`.
  static let cell = #""[^"]*(?:""[^"]*)*"|[^,"\r\n]*"#

  var ctes: [String] {
    let token = dialect.text("(\(Self.cell))" + #"(,|\r?\n|$)"#)
    let anchored = dialect.text("^(\(Self.cell))")
    let before = "OVER (ORDER BY vigil_i ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)"
    let lineEnd = "CASE WHEN substr(vigil_tok, -1) = chr(10) THEN 1 ELSE 0 END"
    let breaks = "length(vigil_tok) - length(replace(vigil_tok, chr(10), ''))"
    let unquoted =
      "CASE WHEN vigil_cell LIKE '\"%' THEN replace(substr(vigil_cell, 2, length(vigil_cell) - 2),"
      + " '\"\"', '\"') ELSE vigil_cell END"
    let pivot = (0..<columns).map { "MAX(CASE WHEN vigil_c = \($0) THEN vigil_v END) AS c\($0)" }
    return [
      "vigil_file AS (SELECT decode(content, 'UTF-8') AS vigil_text"
        + " FROM binaryFile.\(dialect.identifier(path)))",
      "vigil_tokens AS (SELECT vigil_i, vigil_tok FROM (SELECT posexplode(regexp_extract_all("
        + "vigil_text, \(token), 0)) AS (vigil_i, vigil_tok) FROM vigil_file) AS vigil_all"
        + " WHERE vigil_tok <> '')",
      "vigil_cells AS (SELECT vigil_i, regexp_extract(vigil_tok, \(anchored), 1) AS vigil_cell,"
        + " COALESCE(SUM(\(lineEnd)) \(before), 0) AS vigil_r,"
        + " 1 + COALESCE(SUM(\(breaks)) \(before), 0) AS vigil_l FROM vigil_tokens)",
      "vigil_source AS (SELECT vigil_r AS vigil_row, MIN(vigil_l) AS vigil_line, "
        + pivot.joined(separator: ", ")
        + " FROM (SELECT vigil_r, vigil_l, row_number() OVER (PARTITION BY vigil_r ORDER BY vigil_i)"
        + " - 1 AS vigil_c, \(unquoted) AS vigil_v FROM vigil_cells) AS vigil_numbered"
        + " WHERE vigil_r > 0 GROUP BY vigil_r)",
    ]
  }
}
