import VigilSyntax

/// The records in each policy's scope, counted party by party while a chunk is audited, and
/// added to the accountability tally once, at the chunk's end: a record's party is found
/// among the last two parties counted (the policies of a record mostly name the same one or
/// two) before it is looked up, and its counts are integers in one flat array, by party,
/// policy and outcome — no dictionary of policy names, no policy name hashed, per record.
package struct ScopeCounter {
  /// The number of record policies.
  private let policies: Int
  /// Each named party's row, the row of records no party answers for (-1 until one), and
  /// the parties by row.
  private var rows: [String: Int] = [:]
  private var unnamedRow = -1
  private var parties: [String?] = []
  /// By row, policy and outcome (met, pending, violated).
  private var counts: [Int] = []
  /// The last two parties counted and their rows, newest first (-1: none yet).
  private var recent = ""
  private var recentRow = -1
  private var older = ""
  private var olderRow = -1

  /// A counter for `policies` record policies.
  package init(policies: Int) {
    self.policies = policies
  }

  /// A record in the scope of the policy numbered `policy`, the party that answers for it,
  /// and how it stands.
  package mutating func add(policy: Int, party: String?, outcome: ScopeOutcome) {
    let row = self.row(of: party)
    let column =
      switch outcome {
      case .met: 0
      case .pending: 1
      case .violated: 2
      }
    counts[(row * policies + policy) * 3 + column] += 1
  }

  /// The row of `party`, adding one when it is new.
  private mutating func row(of party: String?) -> Int {
    guard let party else {
      if unnamedRow < 0 { unnamedRow = newRow(for: nil) }
      return unnamedRow
    }
    if recentRow >= 0 && recent == party { return recentRow }
    if olderRow >= 0 && older == party {
      swap(&recent, &older)
      swap(&recentRow, &olderRow)
      return recentRow
    }
    let row: Int
    if let known = rows[party] {
      row = known
    } else {
      row = newRow(for: party)
      rows[party] = row
    }
    (older, olderRow) = (recent, recentRow)
    (recent, recentRow) = (party, row)
    return row
  }

  /// A row of counts for `party`.
  private mutating func newRow(for party: String?) -> Int {
    parties.append(party)
    counts.append(contentsOf: repeatElement(0, count: policies * 3))
    return parties.count - 1
  }

  /// Adds the counts to `tally`, naming each policy by its place in `policies` (the
  /// program's record policies, in order).
  package func fold(
    into tally: inout AccountabilityTally, _ policies: [(name: String, severity: Severity)]
  ) {
    for (row, party) in parties.enumerated() {
      for (index, policy) in policies.enumerated() {
        let base = (row * self.policies + index) * 3
        let (met, pending, violated) = (counts[base], counts[base + 1], counts[base + 2])
        guard met + pending + violated > 0 else { continue }
        tally.addScope(
          policy: policy.name, severity: policy.severity, party: party,
          counts: (met: met, pending: pending, violated: violated))
      }
    }
  }
}
