import Foundation
import VigilCore
import VigilEvaluation
import VigilRecords
import VigilReports
import VigilSemantics
import VigilSyntax

/// A checked, compiled set of policies: the entry point for embedding Vigil.
///
///     let policies = try PolicySet(source: text, file: "complaints.vigil")
///     let audit = policies.audit(records, now: Date())
///     for violation in audit.violations { print(violation.policy, violation.record) }
///
/// A value type, `Sendable`, with no global state: one set can audit from several threads.
public struct PolicySet: Sendable {
  let checked: CheckedProgram

  /// The files the set was read from, and their content digest.
  package let digest: PolicyDigest

  /// The warnings found while checking (the set is usable despite them).
  public var warnings: [Diagnostic] { checked.warnings }

  /// The policies' names, in order.
  public var policyNames: [String] { checked.policies.map(\.name) }

  /// Whether some policy judges the cases of an event log (`events per …`).
  package var readsEventLogs: Bool {
    checked.policies.contains { $0.group?.caseFile != nil }
  }

  /// A set made of a program already checked.
  init(checked: CheckedProgram, sources: [PolicySource]) {
    self.checked = checked
    self.digest = PolicyDigest(files: sources)
  }

  /// Checks and compiles one policy file given as text.
  /// - Parameters:
  ///   - file: the file's name in diagnostics and reports.
  ///   - includes: where `include` and `holidays from` may read files, relative to `file`'s
  ///     folder: by default nowhere (each is an `include-outside-root` error), since the text
  ///     may come from anyone; `.root("folder")` reads them inside that folder only.
  ///   - functions: functions the policies may call besides the builtins (`CustomFunction`).
  /// - Throws: `Diagnostics` holding every error (and warning) found.
  public init(
    source: String, file: String = "policy.vigil", includes: IncludeResolver = .none,
    functions: [CustomFunction] = []
  ) throws(Diagnostics) {
    var loader = PolicyLoader()
    loader.textRootHint = "PolicySet(source:file:includes: .root(\"folder\"))"
    loader.load(text: source, file: file, root: includes.folder.map(IncludeRoot.init))
    self.checked = try Self.check(loader, knownFields: nil, functions: functions)
    self.digest = PolicyDigest(files: loader.sources)
  }

  /// Checks and compiles the policy files at `paths` (files, or folders of `.vigil` files).
  /// - Parameters:
  ///   - root: the folder every file read must be inside — the files given, those found in
  ///     folders, includes and holidays files. By default each path given is the root of
  ///     the files read from it: a folder itself, a file its folder.
  ///   - knownFields: the fields the data has, to catch misspelt field names.
  ///   - textFields: the fields whose sampled values are all texts that are not numbers,
  ///     with a few of them (`FieldSample.textFields`), to catch their comparisons with numbers.
  ///   - functions: functions the policies may call besides the builtins (`CustomFunction`).
  /// - Throws: `Diagnostics` holding every error (and warning) found.
  public init(
    contentsOf paths: [String], root: String? = nil, knownFields: Set<FieldPath>? = nil,
    textFields: [FieldPath: [String]] = [:], functions: [CustomFunction] = []
  ) throws(Diagnostics) {
    try self.init(
      contentsOf: paths, root: root, rootOption: nil, knownFields: knownFields,
      textFields: textFields, functions: functions)
  }

  /// The policy files at `paths`, as `init(contentsOf:root:knownFields:textFields:)`;
  /// `rootOption` is how the caller names the setting that gives a root, for its messages
  /// (the command line's `--root`).
  package init(
    contentsOf paths: [String], root: String?, rootOption: String?,
    knownFields: Set<FieldPath>? = nil, textFields: [FieldPath: [String]] = [:],
    functions: [CustomFunction] = []
  ) throws(Diagnostics) {
    let loader = try Self.loader(for: paths, root: root, rootOption: rootOption)
    self.checked = try Self.check(
      loader, knownFields: knownFields, textFields: textFields, functions: functions)
    self.digest = PolicyDigest(files: loader.sources)
  }

  /// The files at `paths`, parsed, inside `root` (see `init(contentsOf:)`); a path that
  /// cannot be read is an error.
  static func loader(
    for paths: [String], root: String?, rootOption: String? = nil
  ) throws(Diagnostics) -> PolicyLoader {
    var loader = PolicyLoader()
    loader.rootOption = rootOption
    do {
      try loader.load(paths: paths, root: root)
    } catch {
      throw Diagnostics(all: [
        Diagnostic(
          .error, error.code, error.message, source: Source(text: "", file: "vigil"),
          range: SourceRange(0, 0))
      ])
    }
    return loader
  }

  /// The loaded files, checked; with `tracing`, each condition's parts are kept for
  /// `explain`.
  static func check(
    _ loader: PolicyLoader, knownFields: Set<FieldPath>?, textFields: [FieldPath: [String]] = [:],
    tracing: Bool = false, functions: [CustomFunction] = []
  ) throws(Diagnostics) -> CheckedProgram {
    let (program, all, _) = analyze(
      loader, knownFields: knownFields, textFields: textFields, tracing: tracing,
      functions: functions)
    guard var program, !all.contains(where: { $0.severity == .error }) else {
      throw Diagnostics(all: all)
    }
    program.files = loader.files
    return program
  }

  /// The loaded files checked as `check` does, whatever their errors: the program (nil with
  /// errors), every diagnostic sorted, and the checker, which knows the definitions and the
  /// fields' inferred types (what `vigil lsp` shows on hover).
  package static func analyze(
    _ loader: PolicyLoader, knownFields: Set<FieldPath>?, textFields: [FieldPath: [String]] = [:],
    tracing: Bool = false, functions: [CustomFunction] = []
  ) -> (program: CheckedProgram?, diagnostics: [Diagnostic], checker: Checker) {
    var parseDiagnostics = loader.diagnostics + CustomFunction.misnamed(functions)
    var checker = Checker(files: loader.files, knownFields: knownFields)
    for function in functions { checker.functions[function.name] = function.definition }
    if tracing { checker.tracer = Tracer() }
    checker.sampledTexts = textFields
    checker.holidayTexts = loader.holidays
    checker.lintsEnabled = !parseDiagnostics.contains { $0.severity == .error }
    let program = checker.check()
    parseDiagnostics += checker.diagnostics
    return (program, Checker.sorted(parseDiagnostics, files: loader.files), checker)
  }

  /// Audits records given as dictionaries, as of `now`.
  /// - Parameters:
  ///   - records: the records; nested objects are `.record` values.
  ///   - now: the audit instant; what is stamped after it has not happened yet.
  ///   - idField: the field that identifies a record (else `records:N`, N counting from 1).
  public func audit(
    _ records: some Sequence<[String: Value]>, now: Date, idField: String = "id",
    directory: Directory? = nil
  ) -> Audit {
    let driver = AuditDriver(
      checked,
      options: AuditOptions(
        now: Self.milliseconds(now), idField: FieldPath(idField), directory: directory))
    var audit = Audit()
    var groups = driver.newTally()
    let counts = driver.run(records: records, name: "records", groups: &groups) { audit.add($0) }
    _ = driver.judge(&groups) { findings in
      for finding in findings { audit.add(finding) }
    }
    audit.recordsAudited = counts.audited
    return audit
  }

  /// Audits JSON Lines text, as of `now`.
  public func audit(
    jsonLines: String, now: Date, idField: String = "id", directory: Directory? = nil
  ) -> Audit {
    collect(ByteInput(string: jsonLines), now: now, idField: idField, directory: directory)
  }

  /// Audits JSON Lines records named `records:N`, keeping every finding in an `Audit`.
  func collect(
    _ input: ByteInput, now: Date, idField: String, directory: Directory?
  ) -> Audit {
    var result = Audit()
    var options = AuditOptions(
      now: Self.milliseconds(now), idField: FieldPath(idField), directory: directory)
    options.jobs = 1
    let driver = AuditDriver(checked, options: options)
    var groups = driver.newTally()
    let (counts, _) = driver.run(input: input, format: .jsonl, name: "records", groups: &groups) {
      findings in
      for finding in findings { result.add(finding) }
      return nil
    }
    _ = driver.judge(&groups) { findings in
      for finding in findings { result.add(finding) }
    }
    result.recordsAudited = counts.audited
    return result
  }

  /// Streams one input through the policies, handing each finding to `handler` as it is
  /// found; memory stays flat whatever the input's size.
  /// A line (or CSV record) longer than `maxLineBytes` is rejected, skipped unread.
  /// - Returns: how many records were read, audited and rejected, and what was found.
  public func audit(
    input: ByteInput, format: InputFormat, name: String, now: Int64, idField: FieldPath,
    directory: Directory? = nil, maxLineBytes: Int = LineLimit.defaultBytes,
    handler: AuditHandler
  ) -> AuditCounts {
    var options = AuditOptions(now: now, idField: idField, directory: directory)
    options.maxLineBytes = maxLineBytes
    return audit(input: input, format: format, name: name, options: options, handler: handler)
  }

  /// Streams one input through the policies as of `now`, handing each finding to `handler`
  /// as it is found (`audit(input:format:name:now:idField:…)` with a `Date`).
  public func audit(
    input: ByteInput, format: InputFormat, name: String, now: Date, idField: String = "id",
    directory: Directory? = nil, maxLineBytes: Int = LineLimit.defaultBytes,
    handler: AuditHandler
  ) -> AuditCounts {
    audit(
      input: input, format: format, name: name, now: Self.milliseconds(now),
      idField: FieldPath(idField), directory: directory, maxLineBytes: maxLineBytes,
      handler: handler)
  }

  /// Streams one input through the policies as `options` say (`jobs` aside: one thread),
  /// handing each finding to `handler` as it is found.
  package func audit(
    input: ByteInput, format: InputFormat, name: String, options: AuditOptions,
    handler: AuditHandler
  ) -> AuditCounts {
    var options = options
    options.jobs = 1
    let driver = AuditDriver(checked, options: options)
    var groups = driver.newTally()
    var (counts, stopped) = driver.run(input: input, format: format, name: name, groups: &groups) {
      findings in
      for (index, finding) in findings.enumerated() where !handler.take(finding) {
        return index + 1
      }
      return nil
    }
    if !stopped {
      counts =
        counts
        + driver.judge(&groups) { findings in
          for finding in findings { _ = handler.take(finding) }
        }
    }
    return counts
  }

  /// Where the policies use the people directory (`file:line`), in order: an audit needs one
  /// then, or those relations are data errors.
  package var directoryUses: [String] { checked.directoryUses }

  static func milliseconds(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
  }

}

/// What to do with each finding of a streamed audit.
public struct AuditHandler {
  /// Called for each violation, in input order then policy order.
  public var violation: (Violation) -> Void
  /// Called for each rejected record; return false to stop the audit (`--strict`).
  public var rejection: (Rejection) -> Bool
  /// Called for each data error.
  public var dataError: (DataErrorReport) -> Void
  /// Called for each warning about the input as a whole: a field the policies read that no
  /// record has, a field given twice, repeated record ids.
  public var warning: (DataWarning) -> Void
  /// Called for each group too small for its policy's `at least`, after the records.
  public var notEnoughData: (GroupShortfall) -> Void
  /// Called for each dishonest pause (`paused in … unless …`), after the violation of its
  /// record (or case) under the same policy, if any.
  public var dishonestPause: (PauseFinding) -> Void

  /// A handler.
  public init(
    violation: @escaping (Violation) -> Void, rejection: @escaping (Rejection) -> Bool,
    dataError: @escaping (DataErrorReport) -> Void,
    notEnoughData: @escaping (GroupShortfall) -> Void = { _ in },
    warning: @escaping (DataWarning) -> Void = { _ in },
    dishonestPause: @escaping (PauseFinding) -> Void = { _ in }
  ) {
    self.violation = violation
    self.rejection = rejection
    self.dataError = dataError
    self.notEnoughData = notEnoughData
    self.warning = warning
    self.dishonestPause = dishonestPause
  }

  /// Hands a finding to its callback; false when it stops the audit.
  func take(_ finding: Finding) -> Bool {
    switch finding {
    case .violation(let found): violation(found)
    case .pause(let found): dishonestPause(found)
    case .event(.rejected(let found)): return rejection(found)
    case .event(.dataError(let found)): dataError(found)
    case .event(.notEnoughData(let found)): notEnoughData(found)
    case .event(.warning(let found)): warning(found)
    }
    return true
  }
}

/// The result of an in-memory audit.
public struct Audit: Sendable {
  /// The violations, in input order then policy order.
  public var violations: [Violation] = []
  /// What the input says about the fields the policies read, and repeated record ids
  /// (`audit(jsonLines:)`; records given as dictionaries have none).
  public var warnings: [DataWarning] = []
  /// Records evaluated.
  public var recordsAudited = 0
  /// Records that were not (malformed lines).
  public var rejections: [Rejection] = []
  /// Values that could not be read.
  public var dataErrors: [DataErrorReport] = []
  /// Groups too small for their policy's `at least`: neither passed nor failed.
  public var notEnoughData: [GroupShortfall] = []
  /// Records at risk of breaking a policy with `warn at`: not violations yet.
  public var atRisk: [Violation] = []
  /// Dishonest pauses (`paused in … unless …`), in the order of the findings.
  public var pauses: [PauseFinding] = []

  mutating func add(_ finding: Finding) {
    switch finding {
    case .violation(let violation):
      if violation.atRisk != nil { atRisk.append(violation) } else { violations.append(violation) }
    case .pause(let pause): pauses.append(pause)
    case .event(.rejected(let rejection)): rejections.append(rejection)
    case .event(.dataError(let error)): dataErrors.append(error)
    case .event(.notEnoughData(let shortfall)): notEnoughData.append(shortfall)
    case .event(.warning(let warning)): warnings.append(warning)
    }
  }

  /// The audit's counts, as the summary line gives them.
  public var counts: AuditCounts {
    AuditCounts(
      audited: recordsAudited, rejected: rejections.count, violations: violations.count,
      open: violations.filter { $0.open == true }.count, dataErrors: dataErrors.count,
      notEnoughData: notEnoughData.count, atRisk: atRisk.count,
      undetermined: violations.filter { $0.open == nil }.count)
  }
}
