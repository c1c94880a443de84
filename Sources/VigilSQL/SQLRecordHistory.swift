import VigilCore

/// What a record policy's condition may read of the record's own lists of changes while it
/// is compiled (Grammar.md, "A record's own history").
struct SQLRecordHistoryScope {
  /// Whether the policy is judged per cycle (`each cycle in H`): the cycle's bounds are the
  /// columns `vigil_cs` and `vigil_ce` of its rows.
  var cycles = false
}

/// A record's list of changes read by the engine (Grammar.md, "What the SQL means", "A
/// record's own history"): per record (`vigil_hist<N>`) whether it can be read and, when it
/// cannot, the data error's kind (`vigil_he<N>`), value (`vigil_hv<N>`) and what the value is
/// (`vigil_hd<N>`); and its changes as rows (`vigil_items<N>`: the record's row, the change's
/// place in the list, its `at` as an instant, each field the conditions read as a text), only
/// those with a time of records whose list can be read.
struct SQLRecordHistory {
  let dialect: SQLDialect
  let input: SQLInput
  let text: SQLText

  init(_ dialect: SQLDialect, _ input: SQLInput) {
    self.dialect = dialect
    self.input = input
    self.text = SQLText(dialect)
  }

  /// The CTEs of list `number` (the field `path`), the changes' fields `fields` read as texts
  /// (`f<i>`) and those `times` read as instants (`t<i>`); `now` the audit instant.
  func ctes(
    _ number: Int, _ path: FieldPath, fields: [FieldPath], times: Set<Int>, now: String,
    missing: [String]
  ) -> [String] {
    let cell = input.field(path, dialect, missing: missing)
    let lists: String
    if dialect == .spark {
      lists = sparkListsCTE(number, path, cell: cell)
    } else {
      let (list, kind) = listValue(path, missing: missing)
      lists =
        "vigil_list\(number) AS (SELECT vigil_row, vigil_lj, vigil_lt, \(kind) AS vigil_lk FROM"
        + " (SELECT vigil_row, \(list) AS vigil_lj, \(cell) AS vigil_lt FROM vigil_source) AS vigil_l)"
    }
    let elements: String
    switch dialect {
    case .spark:
      elements = sparkElements(number)
    case .postgres:
      elements =
        "SELECT vigil_l.vigil_row, vigil_e.vigil_n AS vigil_pos, vigil_e.vigil_v AS vigil_it"
        + " FROM vigil_list\(number) AS vigil_l CROSS JOIN LATERAL jsonb_array_elements(vigil_l.vigil_lj)"
        + " WITH ORDINALITY AS vigil_e(vigil_v, vigil_n) WHERE vigil_l.vigil_lk = 'list'"
    default:
      elements =
        "SELECT vigil_l.vigil_row, CAST(vigil_e.key AS BIGINT) + 1 AS vigil_pos, vigil_e.value AS vigil_it"
        + " FROM vigil_list\(number) AS vigil_l, json_each(vigil_l.vigil_lj) AS vigil_e"
        + " WHERE vigil_l.vigil_lk = 'list'"
    }
    // Spark's items come with their kinds and their `at`'s (`sparkElements`).
    let kinded =
      dialect == .spark
      ? elements
      : "SELECT vigil_el.*, \(jsonKind("vigil_it")) AS vigil_ik, \(member("vigil_it", "at")) AS vigil_aj"
        + " FROM (\(elements)) AS vigil_el"
    let atJSONKind = dialect == .spark ? "vigil_ajk" : jsonKind("vigil_aj")
    let atKind = "CASE WHEN vigil_ik = 'record' THEN \(atJSONKind) END"
    let atText =
      "CASE WHEN vigil_ik = 'record' AND \(atJSONKind) = 'text' THEN NULLIF(\(scalar("vigil_aj")), '') END"
    let timed =
      "vigil_timed\(number) AS (SELECT vigil_ta.*, \(isoTime("vigil_at")) AS vigil_ht FROM"
      + " (SELECT vigil_k.*, \(atKind) AS vigil_ak, \(atText) AS vigil_at FROM (\(kinded)) AS vigil_k)"
      + " AS vigil_ta)"
    // The first change, in listed order, that cannot be read.
    let bad =
      "vigil_ik <> 'record' OR (vigil_at IS NOT NULL AND vigil_ht IS NULL)"
      + " OR vigil_ak IN ('number', 'bool', 'list', 'record')"
    let first =
      "SELECT * FROM (SELECT vigil_b.*, row_number() OVER (PARTITION BY vigil_row ORDER BY vigil_pos)"
      + " AS vigil_bn FROM vigil_timed\(number) AS vigil_b WHERE \(bad)) AS vigil_bf WHERE vigil_bn = 1"
    let item = shown(kind: "vigil_f.vigil_ik", json: "vigil_f.vigil_it")
    let stamp = shown(kind: "vigil_f.vigil_ak", json: "vigil_f.vigil_aj")
    let whole = shown(
      kind: "vigil_l.vigil_lk", json: "vigil_l.vigil_lj",
      text: isJSONList ? nil : "vigil_l.vigil_lt")
    let error =
      "CASE WHEN vigil_l.vigil_lk IS NULL OR vigil_l.vigil_lk = 'null' THEN 0"
      + " WHEN vigil_l.vigil_lk <> 'list' THEN 1 WHEN vigil_f.vigil_pos IS NULL THEN 0"
      + " WHEN vigil_f.vigil_ik <> 'record' THEN 2 WHEN vigil_f.vigil_ak = 'text' THEN 3 ELSE 4 END"
    let hist =
      "vigil_hist\(number) AS (SELECT vigil_row, vigil_he\(number),"
      + " CASE vigil_he\(number) WHEN 1 THEN vigil_wv WHEN 2 THEN vigil_iv WHEN 3 THEN vigil_at"
      + " WHEN 4 THEN vigil_av END AS vigil_hv\(number),"
      + " CASE vigil_he\(number) WHEN 1 THEN vigil_wd WHEN 4 THEN vigil_ad END AS vigil_hd\(number)"
      + " FROM (SELECT vigil_l.vigil_row, \(error) AS vigil_he\(number), vigil_f.vigil_at,"
      + " \(whole.value) AS vigil_wv, \(whole.described) AS vigil_wd, \(item.value) AS vigil_iv,"
      + " \(stamp.value) AS vigil_av, \(stamp.described) AS vigil_ad"
      + " FROM vigil_list\(number) AS vigil_l LEFT JOIN (\(first)) AS vigil_f"
      + " ON vigil_l.vigil_row = vigil_f.vigil_row) AS vigil_h)"
    let columns = fields.enumerated().map { index, path in
      ", \(memberText("vigil_t.vigil_it", path)) AS f\(index)"
    }.joined()
    let items =
      "SELECT vigil_t.vigil_row, vigil_t.vigil_pos, vigil_t.vigil_ht, \(now) AS vigil_now\(columns)"
      + " FROM vigil_timed\(number) AS vigil_t JOIN vigil_hist\(number) AS vigil_h"
      + " ON vigil_t.vigil_row = vigil_h.vigil_row WHERE vigil_h.vigil_he\(number) = 0"
      + " AND vigil_t.vigil_ht IS NOT NULL"
    let instants = times.sorted().map { ", \(isoTime("f\($0)")) AS t\($0)" }.joined()
    return [
      lists, timed, hist,
      "vigil_items\(number) AS (SELECT vigil_i.*\(instants) FROM (\(items)) AS vigil_i)",
    ]
  }

  /// The text `column` read as an ISO-8601 instant. Spark copies a column's expression into
  /// each of its uses, so there the text is a lambda's parameter, computed once (the `at` of
  /// a change, read from its JSON in each of the reading's fifty uses, took 9 s of 400
  /// records' query).
  func isoTime(_ column: String) -> String {
    guard dialect == .spark else { return text.isoTime(column) }
    return "element_at(transform(array(\(column)), vigil_s -> \(text.isoTime("vigil_s"))), 1)"
  }

  /// A record's list as JSON (NULL where it is not a list) and what kind of value it is
  /// (`list`, `text`, `number`, `bool`, `record`, `null`; NULL when absent). From a JSON
  /// Lines file, the field's JSON value; from a table, its text when that is a JSON list
  /// (PostgreSQL: a text that begins with `[` is cast to `jsonb`), else a text; from a CSV
  /// file, its cell: a text.
  func listValue(_ path: FieldPath, missing: [String]) -> (list: String, kind: String) {
    let cell = input.field(path, dialect, missing: missing)
    switch (input, dialect) {
    case (.jsonLines, _):
      let keys = path.components.map { "\"" + $0 + "\"" }.joined(separator: ".")
      let json = "json_extract(vigil_json, \(dialect.text("$." + keys)))"
      return (json, "CASE WHEN vigil_lj IS NOT NULL THEN \(jsonKind("vigil_lj")) END")
    case (.table, .postgres):
      return (
        "CASE WHEN \(cell) ~ '^[ \\t\\n\\r]*\\[' THEN CAST(\(cell) AS jsonb) END",
        "CASE WHEN vigil_lj IS NOT NULL THEN 'list' WHEN vigil_lt IS NOT NULL THEN 'text' END"
      )
    case (.table, _):
      return (
        "CASE WHEN json_valid(\(cell)) AND json_type(\(cell)) = 'ARRAY' THEN json(\(cell)) END",
        "CASE WHEN vigil_lj IS NOT NULL THEN 'list' WHEN vigil_lt IS NOT NULL THEN 'text' END"
      )
    case (.csv, _):
      return ("CAST(NULL AS JSON)", "CASE WHEN vigil_lt IS NOT NULL THEN 'text' END")
    }
  }

  /// A JSON value's kind as Vigil names it.
  func jsonKind(_ json: String) -> String {
    switch dialect {
    case .postgres:
      return "(CASE jsonb_typeof(\(json)) WHEN 'object' THEN 'record' WHEN 'array' THEN 'list'"
        + " WHEN 'string' THEN 'text' WHEN 'boolean' THEN 'bool' WHEN 'null' THEN 'null'"
        + " WHEN 'number' THEN 'number' END)"
    default:
      return "(CASE json_type(\(json)) WHEN 'OBJECT' THEN 'record' WHEN 'ARRAY' THEN 'list'"
        + " WHEN 'VARCHAR' THEN 'text' WHEN 'BOOLEAN' THEN 'bool' WHEN 'NULL' THEN 'null'"
        + " WHEN 'BIGINT' THEN 'number' WHEN 'UBIGINT' THEN 'number' WHEN 'HUGEINT' THEN 'number'"
        + " WHEN 'DOUBLE' THEN 'number' END)"
    }
  }

  /// A JSON object's member `key` as JSON.
  func member(_ json: String, _ key: String) -> String {
    switch dialect {
    case .postgres: return "(\(json) -> \(dialect.text(key)))"
    default: return "json_extract(\(json), \(dialect.text("$.\"" + key + "\"")))"
    }
  }

  /// The text of a member at `path`: a string's text, another value's JSON text, NULL for
  /// JSON's null or an absent member (as a JSON Lines field is read).
  func memberText(_ json: String, _ path: FieldPath) -> String {
    switch dialect {
    case .spark:
      let keys = path.components.map { "['" + $0 + "']" }.joined()
      return "get_json_object(\(json), \(dialect.text("$" + keys)))"
    case .postgres:
      return "(\(json) #>> ARRAY[" + path.components.map(dialect.text).joined(separator: ", ")
        + "])"
    default:
      let keys = path.components.map { "\"" + $0 + "\"" }.joined(separator: ".")
      return "json_extract_string(\(json), \(dialect.text("$." + keys)))"
    }
  }

  /// A JSON scalar's text (a string's own).
  func scalar(_ json: String) -> String {
    switch dialect {
    case .spark: return json
    case .postgres: return "(\(json) #>> '{}')"
    default: return "json_extract_string(\(json), '$')"
    }
  }

  /// A value of `kind` (`json`; `own`, the text of a text that is not JSON) as a data error
  /// shows it (`value`) and names it (`described`: "the text 'abc'").
  func shown(kind: String, json: String, text own: String? = nil) -> (
    value: String, described: String
  ) {
    let textual = own ?? scalar(json)
    let number = text.formatNumber(dialect.finiteDouble(scalar(json)))
    let jsonText = "CAST(\(json) AS \(dialect.textType))"
    let value =
      "(CASE \(kind) WHEN 'text' THEN \(textual) WHEN 'number' THEN \(number)"
      + " WHEN 'bool' THEN \(scalar(json)) WHEN 'null' THEN NULL ELSE \(jsonText) END)"
    let described =
      "(CASE \(kind) WHEN 'text' THEN \(dialect.concat([dialect.text("the text '"), textual, dialect.text("'")]))"
      + " WHEN 'number' THEN \(dialect.concat(["'the number '", number]))"
      + " WHEN 'bool' THEN \(dialect.concat(["'the value '", scalar(json)]))"
      + " WHEN 'list' THEN 'a list' WHEN 'record' THEN 'a nested record' END)"
    return (value, described)
  }

  /// Whether the list column holds JSON for every kind (a JSON Lines file), not only lists.
  var isJSONList: Bool {
    if case .jsonLines = input { return true }
    return false
  }
}
