import VigilCore

/// Spark's reading of a record's list of changes (Grammar.md, "A record's own history").
/// Spark has no JSON type, and `get_json_object` reads a list and a text holding one alike
/// (`[1]` and `"[1]"` both as `[1]`), so a JSON value is carried as the text `from_json` reads
/// it as a `STRING` — a string's own text, any other value's JSON text (compact) — and its
/// kind is told apart by parsing it again as each kind: a list is what `from_json` reads as an
/// `ARRAY`, an object what it reads as a `MAP`, `true`/`false` what it reads as a `BOOLEAN`, a
/// number what it reads as a `DOUBLE` (with non-numeric numbers refused: the text `"NaN"` is
/// not one), any other present value a text. A list's items are its `ARRAY<STRING>`, each
/// item's kind the first character of its JSON text in the list's: the list's texts collapsed
/// to one `"` each and its spaces dropped, a walk over its characters keeps the first of each
/// item at depth 1 (`"` a text, `{` an object, `[` a list, `t`/`f`, `n`, else a number).
extension SQLRecordHistory {
  /// The options of every `from_json` reading a value: JSON's own grammar, no single quotes
  /// or non-numeric numbers.
  static let sparkOptions =
    "map('allowSingleQuotes', 'false', 'allowNonNumericNumbers', 'false')"

  /// The value at `path` in the JSON object text `json` read as the Spark type `type`
  /// (`ARRAY<STRING>`); NULL when it is absent, JSON's null, or not of that type.
  func sparkParsed(_ json: String, _ path: [String], as type: String) -> String {
    var schema = type
    for key in path.reversed() {
      schema = "STRUCT<\(dialect.identifier(key)): \(schema)>"
    }
    let access = path.map { "." + dialect.identifier($0) }.joined()
    return "from_json(\(json), \(dialect.text(schema)), \(Self.sparkOptions))" + access
  }

  /// The kind of the value at `path` in the JSON object text `json`, as Vigil names it
  /// (`list`, `record`, `bool`, `number`, `text`; NULL when absent or JSON's null).
  func sparkKind(_ json: String, _ path: [String]) -> String {
    "(CASE WHEN \(sparkParsed(json, path, as: "ARRAY<STRING>")) IS NOT NULL THEN 'list'"
      + " WHEN \(sparkParsed(json, path, as: "MAP<STRING, STRING>")) IS NOT NULL THEN 'record'"
      + " WHEN \(sparkParsed(json, path, as: "BOOLEAN")) IS NOT NULL THEN 'bool'"
      + " WHEN \(sparkParsed(json, path, as: "DOUBLE")) IS NOT NULL THEN 'number'"
      + " WHEN \(sparkParsed(json, path, as: "STRING")) IS NOT NULL THEN 'text' END)"
  }

  /// The first character of each item of the JSON list text `list`, in order, and whether
  /// nothing follows the list (`k`, `ok` of a struct): the list's texts collapsed to `"`
  /// (a text's escapes included), its white space dropped, and a walk over its characters
  /// that keeps the depth.
  func sparkItemStarts(_ list: String) -> String {
    // A JSON text: its quotes, then any character but a quote or backslash, or an escape
    // (possessive: Java's regular expressions recurse on each repetition otherwise).
    let texts = dialect.text(#""[^"\\]*+(?:\\.[^"\\]*+)*+""#)
    let collapsed =
      "regexp_replace(regexp_replace(\(list), \(texts), '\"'), \(dialect.text("[ \\t\\n\\r]")), '')"
    let depth =
      "vigil_a.d + CASE WHEN vigil_c IN ('[', '{') THEN 1 WHEN vigil_c IN (']', '}') THEN -1 ELSE 0 END"
    return "aggregate(split(\(collapsed), ''),"
      + " named_struct('d', 0, 'n', 0, 'ok', true, 's', false, 'k', CAST(array() AS ARRAY<STRING>)),"
      + " (vigil_a, vigil_c) -> named_struct('d', \(depth), 'n', vigil_a.n + 1,"
      + " 'ok', vigil_a.ok AND NOT (vigil_a.d = 0 AND vigil_a.n > 0),"
      + " 's', (vigil_c = '[' AND vigil_a.d = 0) OR (vigil_c = ',' AND vigil_a.d = 1),"
      + " 'k', CASE WHEN vigil_a.s AND vigil_c <> ']' THEN concat(vigil_a.k, array(vigil_c))"
      + " ELSE vigil_a.k END),"
      + " vigil_a -> named_struct('k', vigil_a.k, 'ok', vigil_a.ok AND vigil_a.d = 0))"
  }

  /// Whether the text `cell` is a JSON list and nothing else (a table's column).
  func sparkIsList(_ cell: String) -> String {
    "(\(sparkItems(cell)) IS NOT NULL AND \(sparkItemStarts(cell)).ok)"
  }

  /// The items of the JSON list text `list` as texts (`ARRAY<STRING>`).
  func sparkItems(_ list: String) -> String {
    "from_json(\(list), 'ARRAY<STRING>', \(Self.sparkOptions))"
  }

  /// `vigil_list<number>`: per record, the list of field `path` (`cell`, its text) as a text
  /// (`vigil_lj`: from a JSON Lines file, any value's text; from a table, the text where it
  /// is a JSON list; from a CSV file, none), its cell (`vigil_lt`) and its kind (`vigil_lk`).
  func sparkListsCTE(_ number: Int, _ path: FieldPath, cell: String) -> String {
    let body: String
    switch input {
    case .jsonLines:
      body =
        "SELECT vigil_row, \(sparkParsed("vigil_json", path.components, as: "STRING")) AS vigil_lj,"
        + " \(cell) AS vigil_lt, \(sparkKind("vigil_json", path.components)) AS vigil_lk FROM vigil_source"
    case .table:
      body =
        "SELECT vigil_row, CASE WHEN vigil_ls THEN vigil_lt END AS vigil_lj, vigil_lt,"
        + " CASE WHEN vigil_ls THEN 'list' WHEN vigil_lt IS NOT NULL THEN 'text' END AS vigil_lk"
        + " FROM (SELECT vigil_row, vigil_lt, \(sparkIsList("vigil_lt")) AS vigil_ls"
        + " FROM (SELECT vigil_row, \(cell) AS vigil_lt FROM vigil_source) AS vigil_c) AS vigil_l"
    case .csv:
      body =
        "SELECT vigil_row, CAST(NULL AS STRING) AS vigil_lj, vigil_lt,"
        + " CASE WHEN vigil_lt IS NOT NULL THEN 'text' END AS vigil_lk"
        + " FROM (SELECT vigil_row, \(cell) AS vigil_lt FROM vigil_source) AS vigil_l"
    }
    return "vigil_list\(number) AS (\(body))"
  }

  /// The items of each list (`vigil_l.vigil_lj` of `vigil_list<number>`) as rows: the record's
  /// row, the item's place from 1 (`vigil_pos`), its text (`vigil_it`) and kind (`vigil_ik`),
  /// its `at` member's text (`vigil_aj`) and kind (`vigil_ajk`).
  func sparkElements(_ number: Int) -> String {
    if case .csv = input {
      // A CSV cell holds no list: no items (and no lambdas for Spark's analyzer to resolve:
      // over the CSV reader's, they passed its 100 rounds).
      return "SELECT vigil_row, CAST(NULL AS INT) AS vigil_pos, CAST(NULL AS STRING) AS vigil_it,"
        + " CAST(NULL AS STRING) AS vigil_ic, CAST(NULL AS STRING) AS vigil_ik,"
        + " CAST(NULL AS STRING) AS vigil_aj, CAST(NULL AS STRING) AS vigil_ajk"
        + " FROM vigil_list\(number) WHERE FALSE"
    }
    let zipped =
      "zip_with(\(sparkItems("vigil_l.vigil_lj")), \(sparkItemStarts("vigil_l.vigil_lj")).k,"
      + " (vigil_x, vigil_y) -> named_struct('it', vigil_x, 'c', vigil_y))"
    let items =
      "SELECT vigil_l.vigil_row, vigil_e.vigil_n + 1 AS vigil_pos, vigil_e.vigil_x.it AS vigil_it,"
      + " vigil_e.vigil_x.c AS vigil_ic FROM vigil_list\(number) AS vigil_l"
      + " LATERAL VIEW posexplode(\(zipped)) vigil_e AS vigil_n, vigil_x"
      + " WHERE vigil_l.vigil_lk = 'list'"
    let kind =
      "(CASE vigil_ic WHEN '\"' THEN 'text' WHEN '{' THEN 'record' WHEN '[' THEN 'list'"
      + " WHEN 't' THEN 'bool' WHEN 'f' THEN 'bool' WHEN 'n' THEN 'null' ELSE 'number' END)"
    return "SELECT vigil_i.*, \(kind) AS vigil_ik, \(sparkParsed("vigil_it", ["at"], as: "STRING"))"
      + " AS vigil_aj, \(sparkKind("vigil_it", ["at"])) AS vigil_ajk FROM (\(items)) AS vigil_i"
  }
}
