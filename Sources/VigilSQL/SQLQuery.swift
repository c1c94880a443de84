import VigilCore
import VigilSemantics
import VigilSyntax

/// What `vigil sql` compiles a policy set to: one query listing the violations `vigil audit
/// --format csv` lists, in its columns and order, or (`errors`) one listing the data errors
/// `vigil audit --errors` lists.
package struct SQLQuery {
  /// How a query is compiled.
  package struct Options: Sendable {
    package var dialect: SQLDialect
    package var input: SQLInput
    /// The audit instant in milliseconds; nil: the query's parameter (an ISO-8601 text).
    package var now: Int64?
    /// The field that names a record.
    package var idField: FieldPath

    package init(dialect: SQLDialect, input: SQLInput, now: Int64?, idField: FieldPath) {
      self.dialect = dialect
      self.input = input
      self.now = now
      self.idField = idField
    }
  }

  /// The columns of the violations query: those of `vigil audit --format csv`.
  package static let columns = [
    "policy", "location", "record", "party", "action", "target", "severity", "open", "measured",
    "threshold", "window", "sample", "escalation", "at_risk",
  ]

  /// The columns of the data errors query: those of `vigil audit --errors`.
  package static let errorColumns = [
    "kind", "file", "line", "record", "policy", "field", "value", "message",
  ]

  let program: CheckedProgram
  let options: Options
  var compiler: SQLCompiler
  /// Compiles the conditions on the changes of a record's own list (`SQLQuery+RecordHistory`):
  /// its fields are the changes' (`f<N>` of `vigil_items<L>`).
  var changes: SQLCompiler
  /// Whether the query compiled is the accountability report's: each violation row then
  /// has `reportColumns`, and each policy the rows of its scope (`judging`).
  var reportsAccountability = false
  var dialect: SQLDialect { options.dialect }

  package init(_ program: CheckedProgram, _ options: Options) {
    self.program = program
    self.options = options
    self.compiler = SQLCompiler(dialect: options.dialect, sites: program.sites)
    self.changes = SQLCompiler(dialect: options.dialect, sites: program.sites)
    compiler.now = options.now
  }

  /// The violations query; a construct the dialect cannot express is an error naming it.
  package static func violations(_ program: CheckedProgram, _ options: Options) throws(Diagnostics)
    -> String
  {
    var query = SQLQuery(program, options)
    return try query.located { query in try query.violations() }
  }

  /// The accountability report's query (`SQLQuery+Accountability`).
  package static func accountability(_ program: CheckedProgram, _ options: Options)
    throws(Diagnostics) -> String
  {
    var query = SQLQuery(program, options)
    return try query.located { query in try query.accountability() }
  }

  /// The data errors query.
  package static func errors(_ program: CheckedProgram, _ options: Options) throws(Diagnostics)
    -> String
  {
    var query = SQLQuery(program, options)
    return try query.located { query in try query.errors() }
  }

  /// Runs `body`, turning the gap it stops at into an error at its place in the policies.
  mutating func located(_ body: (inout SQLQuery) throws -> String) throws(Diagnostics) -> String {
    do {
      return try body(&self)
    } catch let gap as SQLGap {
      throw Diagnostics(all: [
        SQLGapLocator(program).diagnostic(gap, policy: current, options.dialect)
      ])
    } catch {
      preconditionFailure("only gaps are thrown: \(error)")
    }
  }

  /// The policy being compiled, for a gap's place.
  var current: Int?

  /// A policy's rule compiled: its condition, evidence, parties.
  struct CompiledRule {
    var condition: SQLValue
    var evidence: [SQLEvidence]
    /// `accountable:`'s party, if given.
    var accountable: String?
    var actions: [SQLAction]
    /// `warn at`: the condition with the threshold lowered, its evidence, the threshold.
    var warning: Warning?
    /// How many of the paused clocks compiled (`SQLCompiler.pauses`) are the condition's (the
    /// warning's follow): only those report dishonest pauses.
    var conditionPauses = 0

    typealias Warning = (condition: SQLValue, evidence: [SQLEvidence], limit: Int64)
  }

  /// A policy's condition, evidence, parties and warning, over records or (`compiler.group`
  /// set) over a policy's groups.
  mutating func compileCondition(_ policy: CheckedPolicy) throws -> CompiledRule {
    compiler.evidence = []
    let condition = try compiler.truth(compiler.compile(policy.condition))
    let evidence = compiler.evidence
    let conditionPauses = compiler.pauses.count
    var warning: CompiledRule.Warning?
    if let checked = policy.warning {
      compiler.evidence = []
      let lowered = try compiler.truth(compiler.compile(checked.condition))
      warning = (lowered, compiler.evidence, checked.limit)
    }
    let actions = try policy.actions.map { action in
      SQLAction(
        kind: action.kind,
        parties: try ((action.target.map { [$0] } ?? []) + action.steps.map(\.target)).map {
          try partyText($0)
        }, delays: action.steps.map(\.after), delayTexts: action.steps.map(\.afterText))
    }
    return CompiledRule(
      condition: condition, evidence: evidence,
      accountable: policy.group?.holding != nil || policy.recordHolding != nil
        ? "vigil_hparty" : try policy.accountable.map { try partyText($0) }, actions: actions,
      warning: warning, conditionPauses: conditionPauses)
  }

  /// A party as a report names it: its value as text; NULL when missing.
  mutating func partyText(_ expr: CheckedExpr) throws -> String {
    let saved = compiler.evidence
    defer { compiler.evidence = saved }
    let value = try compiler.compile(expr)
    return compiler.format(value)
  }

  /// The record's name: its id, else `INPUT:LINE`.
  mutating func recordName() -> String {
    let id = compiler.column(options.idField)
    return
      "COALESCE(\(id), \(dialect.text(options.input.name + ":")) || \(dialect.integerText("vigil_line")))"
  }

  mutating func violations() throws -> String {
    var selects: [String] = []
    var groups: [String] = []
    var ctes: [String] = []
    for index in program.policies.indices {
      if let group = program.policies[index].group {
        current = index
        if let followUp = group.followUp {
          groups.append(try compileSequence(index, group, followUp).select)
          continue
        }
        let compiled = try compileGroup(index, group)
        ctes.append(compiled.cte)
        groups.append(compiled.select)
        continue
      }
      let compiled = try compileRecordPolicy(index)
      ctes += compiled.ctes
      selects.append(violationSelect(index, compiled.rule, compiled.row))
      if compiled.rule.warning != nil {
        selects.append(atRiskSelect(index, compiled.rule, compiled.row))
      }
      if !compiled.reported.isEmpty {
        selects.append(
          try pauseSelect(
            index, compiled.rule, compiled.row, compiled.pauses, reported: compiled.reported,
            keys: ["vigil_rank"], judged: "TRUE"))
      }
    }
    current = nil
    selects += groups
    let rows =
      selects.isEmpty
      ? emptySelect(violationColumns) : selects.joined(separator: "\nUNION ALL\n")
    return try assemble(
      rows, columns: violationColumns, groups: ctes,
      after: groups.isEmpty ? nil : program.policies.count, sub: hasPauseColumns,
      cycles: hasRecordCycles)
  }

  mutating func errors() throws -> String {
    var selects: [String] = []
    var groups: [String] = []
    var ctes: [String] = []
    var records: [String] = []
    for index in program.policies.indices {
      if let group = program.policies[index].group {
        current = index
        if let followUp = group.followUp {
          let errors = try compileSequence(index, group, followUp).errors
          if !errors.isEmpty {
            selects.append(errorSelect(index, errors, order: groupOrder(index)))
          }
          continue
        }
        let compiled = try compileGroup(index, group)
        ctes.append(compiled.cte)
        if !compiled.errors.isEmpty {
          selects.append(errorSelect(index, compiled.errors, order: groupOrder(index)))
        }
        if !compiled.groupErrors.isEmpty {
          // After every record's errors.
          groups.append(
            errorSelect(
              index, compiled.groupErrors, order: program.policies.count + groupOrder(index),
              groups: compiled.row))
        }
        continue
      }
      let compiled = try compileRecordPolicy(index)
      records += compiled.ctes
      guard !compiled.rule.condition.errors.isEmpty else { continue }
      selects.append(
        errorSelect(index, compiled.rule.condition.errors, order: index, from: compiled.errors))
    }
    current = nil
    selects += groups
    let rows =
      selects.isEmpty
      ? emptySelect(Self.errorColumns) : selects.joined(separator: "\nUNION ALL\n")
    return try assemble(
      rows, columns: Self.errorColumns, groups: records + (groups.isEmpty ? [] : ctes),
      after: groups.isEmpty ? nil : 2 * program.policies.count)
  }
}
