import VigilCore
import VigilEvaluation
import VigilSyntax

/// The HTML report's tables: parties, teams and managers; policies; each party's policies and
/// violations.
extension AccountabilityHTML {
  /// What a summary table lists.
  package enum RowKind: String {
    case party, team, manager
  }

  /// Parties, teams or managers: violations, scope, pooled compliance, oldest open breach.
  package static func rowsTable(_ rows: [Row], kind: RowKind) -> String {
    let withTeam = kind == .party && rows.contains { $0.team != nil }
    var columns: [HTMLTable.Column] = [.init(kind.rawValue)]
    if withTeam { columns.append(.init("team")) }
    columns.append(.init("violations", numeric: true))
    columns += ["open", "closed", "undetermined"].map {
      .init($0, numeric: true, group: "of which")
    }
    columns += ["in scope", "met", "pending", "at risk"].map { .init($0, numeric: true) }
    columns.append(.init("compliance (pooled)", numeric: true))
    columns.append(.init("oldest open breach"))
    let caption =
      kind == .party
      ? "Accountable parties, most violations first"
      : "\(kind.rawValue.capitalized)s, most violations first"
    var table = HTMLTable(caption: caption, id: "\(kind.rawValue)-table", columns: columns)
    table.filterable = rows.count > 12
    table.filterLabel = "Find a \(kind.rawValue)"
    for (index, row) in rows.enumerated() {
      var cells: [HTMLTable.Cell] = [
        .init(shown(row.name), href: "#\(kind.rawValue)-\(index)")
      ]
      if withTeam { cells.append(.init(row.team ?? "")) }
      cells += [row.violations, row.open, row.closed, row.undetermined].map(HTMLTable.Cell.count)
      cells += [row.inScope, row.met, row.pending, row.atRisk].map(HTMLTable.Cell.count)
      cells.append(rate(row.compliance, of: row.judged))
      cells.append(oldest(row))
      table.rows.append(cells)
    }
    return table.html
  }

  /// Each policy's totals.
  package static func policyTable(_ policies: [AccountabilityReport.PolicyRow]) -> String {
    var columns: [HTMLTable.Column] = [.init("policy"), .init("severity"), .init("scope")]
    columns.append(.init("party"))
    columns += shareColumns
    var table = HTMLTable(
      caption: "Policies, in the order written", id: "policy-table", columns: columns)
    for policy in policies {
      table.rows.append(
        [
          .init(policy.name), .init(policy.severity.rawValue), .init(policy.scope),
          .init(policy.partyText ?? "(none: it only flags)"),
        ] + shareCells(policy.totals))
    }
    return table.html
  }

  /// The policies judged per cycle: which cycles each judges, the cases (or records) ever
  /// breached and breached in their last cycle, and the breaches of each cycle.
  package static func cycleTable(_ rows: [AccountabilityReport.CycleRow]) -> String {
    let width = rows.map(\.tally.breaches.count).max() ?? 0
    var columns: [HTMLTable.Column] = [.init("policy"), .init("judges")]
    let group = AccountabilityReport.CycleRow.countedPlural(rows)
    columns += ["ever breached", "breached in last cycle"].map {
      .init($0, numeric: true, group: group)
    }
    columns += (0..<width).map { .init("cycle \($0 + 1)", numeric: true, group: "breaches") }
    var table = HTMLTable(
      caption: "Policies judged per cycle, in the order written", id: "cycle-table",
      columns: columns)
    for row in rows {
      let breaches = (0..<width).map { index in
        HTMLTable.Cell.count(
          row.tally.breaches.indices.contains(index) ? row.tally.breaches[index] : 0)
      }
      table.rows.append(
        [
          .init(row.policy), .init(row.judges), .count(row.tally.everBreached),
          .count(row.tally.lastBreached),
        ] + breaches)
    }
    return table.html
  }

  /// Columns of a share: counts by outcome, the violations' states, the rate.
  static var shareColumns: [HTMLTable.Column] {
    ["in scope", "met", "violated"].map { .init($0, numeric: true) }
      + ["open", "closed", "undetermined"].map { .init($0, numeric: true, group: "violations") }
      + ["pending", "at risk", "compliance"].map { .init($0, numeric: true) }
  }

  static func shareCells(_ share: PolicyShare) -> [HTMLTable.Cell] {
    [share.inScope, share.met, share.violations, share.open, share.closed, share.undetermined]
      .map(HTMLTable.Cell.count)
      + [share.pending, share.atRisk].map(HTMLTable.Cell.count)
      + [rate(share.compliance, of: share.met + share.violated)]
  }

  /// A row's share of each policy, with the policy's `because:`.
  static func shareTable(_ row: Row, label: String, id: String, report: AccountabilityReport)
    -> String
  {
    var table = HTMLTable(
      caption: "\(label): by policy", id: "\(id)-policies",
      columns: [.init("policy")] + shareColumns + [.init("because")])
    table.sortable = false
    for share in row.shares {
      let because = report.policies.first { $0.name == share.policy }?.because ?? ""
      table.rows.append([.init(share.policy)] + shareCells(share) + [.init(because)])
    }
    return table.html
  }

  /// A party's violations: sortable and filterable.
  static func violationsTable(_ row: Row, id: String) -> String {
    var table = HTMLTable(
      caption: "\(shown(row.name)): violations", id: "\(id)-violations",
      columns: [
        .init("record"), .init("policy"), .init("where"), .init("measured"), .init("limit"),
        .init("state"), .init("open for", numeric: true),
      ])
    table.filterable = true
    table.filterLabel = "Filter the violations (record, policy, open, closed…)"
    for (index, line) in row.lines.enumerated() {
      let state = line.open.map { $0 ? "open" : "closed" } ?? "undetermined"
      let measured = line.value.map { value in
        (line.label.map { $0 + " " } ?? "") + ReadableValues.value(value)
      }
      // The file's name and the line; its whole path as the tooltip (and in the header).
      let file =
        line.isGroup ? line.place : line.place.split(separator: "/").last.map(String.init) ?? ""
      table.rows.append([
        .init(line.record), .init(line.policy), .init(file, title: line.place),
        .init(measured ?? line.measured ?? "", title: line.measured),
        .init(line.threshold ?? ""), .init(state), openFor(line.openFor, measured: nil),
      ])
      table.rowClasses[index] = state
    }
    var out = table.html
    if row.violations > row.lines.count {
      out += "<p class=\"note\">The first \(ReadableValues.count(row.lines.count)) of "
      out += "\(ReadableValues.count(row.violations)) violations, in input order; "
      out += "--report violations lists every one.</p>\n"
    }
    return out
  }

  /// The oldest open breach: `policy record, open 52d`, sorted by how long it is open.
  static func oldest(_ row: Row) -> HTMLTable.Cell {
    guard let breach = row.oldestOpen else { return .init("", sort: "-1") }
    var text = "\(breach.policy) \(breach.record)"
    if let length = row.oldestLength { text += ", open \(ReadableValues.duration(length))" }
    return .init(text, sort: "\(row.oldestLength ?? 0)", title: breach.measured)
  }

  /// A rate with its denominator, sorted by the rate (no rate last).
  static func rate(_ fraction: Double?, of denominator: Int) -> HTMLTable.Cell {
    .init(
      ReadableValues.rate(fraction, of: denominator),
      sort: fraction.map { Operations.formatNumber($0) } ?? "-1")
  }

  /// How long a breach has been open, rounded, with the exact length as its tooltip.
  static func openFor(_ length: Int64?, measured: String?) -> HTMLTable.Cell {
    guard let length else { return .init(measured == nil ? "" : "–", sort: "-1") }
    return .init(
      ReadableValues.duration(length), sort: "\(length)",
      title: measured ?? DurationFormat.format(length))
  }
}
