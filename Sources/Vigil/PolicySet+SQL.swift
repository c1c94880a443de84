import VigilSQL
import VigilSyntax

/// `vigil sql`: the policies compiled to a query an SQL engine runs (VigilSQL).
extension PolicySet {
  /// The query listing the violations `audit` would list, as `vigil audit --format csv`.
  /// - Throws: `Diagnostics` naming a construct the dialect cannot compile.
  package func sqlViolations(_ options: SQLQuery.Options) throws(Diagnostics) -> String {
    try SQLQuery.violations(checked, options)
  }

  /// The query listing the rows of the accountability report, as `vigil audit --report
  /// accountability --format csv` lists them after its `audit` rows.
  package func sqlAccountability(_ options: SQLQuery.Options) throws(Diagnostics) -> String {
    try SQLQuery.accountability(checked, options)
  }

  /// The query listing the data errors `audit` would meet, as `vigil audit --errors`.
  package func sqlErrors(_ options: SQLQuery.Options) throws(Diagnostics) -> String {
    try SQLQuery.errors(checked, options)
  }
}
