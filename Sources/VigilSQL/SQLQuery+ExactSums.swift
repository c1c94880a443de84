/// Sums of numbers in SQL, exactly as `ExactSum` adds them: each double split into its
/// integer significand and power of two, the significands of a group shifted onto its
/// smallest power and summed as an exact integer (`HUGEINT`, `NUMERIC`, `DECIMAL(38,0)`),
/// the total rounded once to the nearest double. A group whose numbers differ too much in
/// size for 38 digits stops the query with an error, never a different sum.
extension SQLQuery {
  /// The most bits a group's shifted sum may need: 10^38 > 2^126.
  static let exactSumBits = 126

  /// The smallest power of two (as an exponent) a group's numbers may have: the total and
  /// every partial sum are then normal doubles, rounded once.
  static let exactSumLowest = -970

  /// Columns each record of a group gives an exact sum `number` of the kept value `x`
  /// (`vigil_x<N>`): its exponent (`vigil_g<N>` approximated, `vigil_e<N>` exact, NULL for
  /// zero and missing values).
  func exactSumExponents(_ number: Int) -> (approximate: String, exact: String) {
    let x = "vigil_x\(number)"
    let g = "vigil_g\(number)"
    let two = "CAST(2 AS \(dialect.double))"
    let approximate =
      "(CASE WHEN \(x) <> 0 THEN CAST(floor(ln(abs(\(x))) / ln(\(two))) AS INTEGER) END)"
    let exact =
      "(\(g) - CASE WHEN abs(\(x)) < power(\(two), \(g)) THEN 1 ELSE 0 END"
      + " + CASE WHEN abs(\(x)) >= power(\(two), \(g) + 1) THEN 1 ELSE 0 END)"
    return (approximate, exact)
  }

  /// The windows over a group's members an exact sum reads: its least and greatest exponent
  /// (`vigil_q<N>`, `vigil_h<N>`) and how many numbers it adds (`vigil_c<N>`).
  func exactSumWindows(_ number: Int, partition: String) -> String {
    let e = "vigil_e\(number)"
    return ", MIN(\(e)) OVER (\(partition)) AS vigil_q\(number)"
      + ", MAX(\(e)) OVER (\(partition)) AS vigil_h\(number)"
      + ", COUNT(\(e)) OVER (\(partition)) AS vigil_c\(number)"
  }

  /// The exact sum `number` of a group as a double (0 over no numbers).
  func exactSum(_ number: Int, policy: String, field: String) -> String {
    let (x, e, q) = ("vigil_x\(number)", "vigil_e\(number)", "vigil_q\(number)")
    let (h, c) = ("vigil_h\(number)", "vigil_c\(number)")
    let integer = dialect.exactInteger
    // A double: PostgreSQL reads 2.0 as NUMERIC, whose powers it rounds.
    let two = "CAST(2 AS \(dialect.double))"
    // x = significand × 2^(e - 52), the significand an integer below 2^53; scaled in two
    // steps so that neither power of two leaves the doubles.
    let half = dialect.intDiv("52 - \(e)", "2")
    let significand =
      "CAST(\(x) * power(\(two), \(half)) * power(\(two), 52 - \(e) - \(half)) AS \(dialect.bigint))"
    // Shifted by e - q (at most 73 bits): two powers of two, each an exact 64-bit integer.
    let shift = "(\(e) - \(q))"
    let low = "LEAST(\(shift), 62)"
    let term =
      "CAST(\(significand) AS \(integer)) * CAST(CAST(power(\(two), \(low)) AS \(dialect.bigint)) AS \(integer))"
      + " * CAST(CAST(power(\(two), \(shift) - \(low)) AS \(dialect.bigint)) AS \(integer))"
    // Every term below 2^(h - q + 53), so the sum below c × that: within 38 digits.
    let limit = Self.exactSumBits - 53
    let fits =
      "(CASE WHEN \(q) < \(Self.exactSumLowest) OR \(h) - \(q) > \(limit) THEN FALSE"
      + " ELSE CAST(\(c) AS \(dialect.double)) * power(\(two), \(h) - \(q) + 53) < CAST(1e38 AS \(dialect.double)) END)"
    let message =
      "vigil sql: policy \(policy): the numbers of \(field) in a group differ too much in size"
      + " to be summed exactly in 38 digits (\(dialect.displayName)); audit it with vigil audit"
    let guarded =
      "CASE WHEN \(e) IS NULL THEN NULL WHEN \(fits) THEN \(term) ELSE \(dialect.fail(message, integer, nonConstant: q)) END"
    let total = "SUM(\(guarded))"
    // The integer total read back as a double by the engine's correctly rounded reading of
    // a decimal text, then scaled by a power of two (exact: it stays a normal double).
    let rounded =
      "CAST(CAST(\(total) AS \(dialect.textType)) AS \(dialect.double)) * power(\(two), MIN(\(q)) - 52)"
    return "(CASE WHEN COUNT(\(e)) = 0 THEN CAST(0 AS \(dialect.double)) ELSE \(rounded) END)"
  }

  /// The exact average `number` of a group: its exact sum over how many numbers it has, as
  /// doubles; missing over none.
  func exactAverage(_ number: Int, policy: String, field: String) -> String {
    let count = "COUNT(vigil_x\(number))"
    return
      "(CASE WHEN \(count) = 0 THEN NULL ELSE \(exactSum(number, policy: policy, field: field)) / CAST(\(count) AS \(dialect.double)) END)"
  }
}
