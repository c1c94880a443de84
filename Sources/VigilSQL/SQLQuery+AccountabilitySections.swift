import VigilSemantics

/// The accountability report's sections after its parties and policies, as the CSV report
/// writes them (README.md, "Accountability"): a row per count, its name in `name`, its policy
/// in `policy` and its value in the last column, `value`. Each is read from the violations
/// query's rows (`vigil_violations`, whose report columns carry what a section counts):
/// **cycles** (`vigil_ycn`, `vigil_ycm`, `vigil_yck`: a violation's cycle, its case's number
/// of cycles, its case), policy by policy in source order: which cycles it judges, the cases
/// ever breached, those breached in their last cycle, and the breaches of each cycle from the
/// first to the last breached; **holders** (`SQLQuery+ReportSections.swift`); **dishonest
/// pauses** (`SQLQuery+ReportSections.swift`).
extension SQLQuery {
  /// The CTEs the sections read.
  var sectionCTEs: [String] { cycleCTEs + holderCTEs + pauseCTEs }

  /// The rows of the sections, each a `sectionRow`.
  var sectionSelects: [String] { cycleSelects + holderSelects + pauseSelects }

  /// A row of a section: its order keys (`section`, then `k0`, `k1` and `kb` descending, `k2`
  /// by its bytes, `k4`) and its `kind`, `name`, `policy` and `value`, every other column
  /// empty, typed as the report's rows type them.
  func sectionRow(
    section: Int, k0: String, k1: String = "0", kb: String = "0", k2: String = "''",
    k4: String, kind: String, name: String, policy: String, value: String
  ) -> String {
    let text = dialect.textType
    let bigint = "CAST(NULL AS \(dialect.bigint))"
    let keys = [
      "\(section) AS vigil_section", "CAST(\(k0) AS \(dialect.bigint)) AS vigil_k0",
      "CAST(\(k1) AS \(dialect.bigint)) AS vigil_k1",
      "CAST(\(kb) AS \(dialect.bigint)) AS vigil_kb", "CAST(\(k2) AS \(text)) AS vigil_k2",
      "CAST(0 AS \(dialect.bigint)) AS vigil_k3", "CAST(\(k4) AS \(dialect.bigint)) AS vigil_k4",
    ]
    let values =
      [
        "CAST(\(kind) AS \(text))", "CAST(\(name) AS \(text))", nullText,
        "CAST(\(policy) AS \(text))",
      ]
      + Array(repeating: bigint, count: 13) + ["CAST(NULL AS \(dialect.double))", bigint]
      + Array(repeating: nullText, count: 3) + ["CAST(\(value) AS \(text))"]
    let columns = Self.reportColumnNames.map(dialect.identifier)
    return "SELECT "
      + (keys + zip(values, columns).map { "\($0) AS \($1)" }).joined(separator: ", ")
  }

  /// The policy number of a row of `vigil_violations` (a group policy's rows are numbered
  /// after every record policy's).
  var violationPolicy: String {
    let count = program.policies.count
    return "CASE WHEN vigil_policy >= \(count) THEN vigil_policy - \(count) ELSE vigil_policy END"
  }

  /// The policies judged per cycle, by number, with what `cycles:` judges.
  var cyclePolicies: [(index: Int, choice: String)] {
    program.policies.indices.compactMap { index in
      let policy = program.policies[index]
      return (policy.group?.cycles?.choice ?? policy.recordCycles?.choice).map {
        (index, $0.rawValue)
      }
    }
  }

  /// The CTE of the cycles section, read from `vigil_violations` once (an engine that copies
  /// a CTE into each use, as Spark does, reads it once): `vigil_ycycles`, per cycle policy
  /// (`vigil_p`) and count (`vigil_yk`: -1 the cases ever breached, 0 those breached in
  /// their last cycle, N the breaches of cycle N, from 1 to the last cycle breached), its
  /// value (`vigil_yv`). A case's first breach is its cycle ranked first; each policy's
  /// numbers are made from its rows of breaches, each row the numbers after the previous
  /// row's (the first from -1) up to its own; a policy with none has its -1 and 0 of 0.
  var cycleCTEs: [String] {
    guard !cyclePolicies.isEmpty else { return [] }
    let policies = cyclePolicies.map { "\($0.index)" }.joined(separator: ", ")
    let breaches =
      "SELECT \(violationPolicy) AS vigil_p, vigil_ycn, vigil_ycm, vigil_yck FROM vigil_violations"
      + " WHERE vigil_finding = 0 AND vigil_ycn IS NOT NULL"
    let firsts =
      "SELECT vigil_yb.*, row_number() OVER (PARTITION BY vigil_p, vigil_yck ORDER BY vigil_ycn)"
      + " AS vigil_yf FROM (\(breaches)) AS vigil_yb WHERE vigil_p IN (\(policies))"
    let perCycle =
      "SELECT vigil_p, vigil_ycn, COUNT(*) AS vigil_yn,"
      + " SUM(CASE WHEN vigil_yf = 1 THEN 1 ELSE 0 END) AS vigil_yfirst,"
      + " SUM(CASE WHEN vigil_ycn = vigil_ycm THEN 1 ELSE 0 END) AS vigil_ylastc"
      + " FROM (\(firsts)) AS vigil_yr GROUP BY vigil_p, vigil_ycn"
    let whole = "OVER (PARTITION BY vigil_p)"
    let spread =
      "SELECT vigil_yc.*, SUM(vigil_yfirst) \(whole) AS vigil_yever,"
      + " SUM(vigil_ylastc) \(whole) AS vigil_ylast,"
      + " COALESCE(LAG(vigil_ycn) OVER (PARTITION BY vigil_p ORDER BY vigil_ycn) + 1, -1) AS vigil_ylo"
      + " FROM (\(perCycle)) AS vigil_yc"
    let numbered =
      "SELECT vigil_ys.*, \(dialect.numbers(from: "vigil_ylo", to: "vigil_ycn")) AS vigil_yk"
      + " FROM (\(spread)) AS vigil_ys"
    let value =
      "CASE WHEN vigil_yk = -1 THEN vigil_yever WHEN vigil_yk = 0 THEN vigil_ylast"
      + " WHEN vigil_yk = vigil_ycn THEN vigil_yn ELSE 0 END"
    let zeros = cyclePolicies.flatMap { policy in
      [-1, 0].map { "SELECT \(policy.index) AS vigil_p, \($0) AS vigil_yk, 0 AS vigil_yv" }
    }
    let rows =
      (["SELECT vigil_p, vigil_yk, \(value) AS vigil_yv FROM (\(numbered)) AS vigil_yx"] + zeros)
      .map {
        "SELECT vigil_p, CAST(vigil_yk AS \(dialect.bigint)) AS vigil_yk,"
          + " CAST(vigil_yv AS \(dialect.bigint)) AS vigil_yv FROM (\($0)) AS vigil_yz"
      }
      .joined(separator: " UNION ALL ")
    return [
      "vigil_ycycles AS (SELECT vigil_p, vigil_yk, MAX(vigil_yv) AS vigil_yv FROM (\(rows))"
        + " AS vigil_yu GROUP BY vigil_p, vigil_yk)"
    ]
  }

  /// The rows of the cycles section, each a `sectionRow`.
  var cycleSelects: [String] {
    guard !cyclePolicies.isEmpty else { return [] }
    let names =
      "CASE vigil_p "
      + cyclePolicies.map {
        "WHEN \($0.index) THEN \(dialect.text(program.policies[$0.index].name))"
      }
      .joined(separator: " ") + " END"
    let judges = cyclePolicies.map { index, choice in
      sectionRow(
        section: 3, k0: "\(index)", k4: "0", kind: "'cycles'", name: "'judges'",
        policy: dialect.text(program.policies[index].name), value: dialect.text(choice))
    }
    let label =
      "CASE WHEN vigil_yk = -1 THEN 'ever breached' WHEN vigil_yk = 0 THEN 'breached in last cycle'"
      + " ELSE \(dialect.concat(["'cycle '", dialect.integerText("vigil_yk")])) END"
    let counts =
      sectionRow(
        section: 3, k0: "vigil_p", k4: "vigil_yk + 2", kind: "'cycles'", name: label,
        policy: names, value: dialect.integerText("vigil_yv")) + " FROM vigil_ycycles"
    return judges + [counts]
  }
}
