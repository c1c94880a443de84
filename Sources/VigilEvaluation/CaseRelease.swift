import VigilCore
import VigilRecords

/// Releases the cases of an event log sorted by case as the log is read: while every chunk's
/// cases come after the cases before it in the order reports list cases (`GroupKey.precedes`,
/// the keys strictly ascending as they are first met), a case is complete once a later case
/// begins, so it is judged then, its findings rendered and kept in that order per policy (in
/// memory up to `memoryLimit` bytes a policy, then in a temporary file), and its states
/// dropped: the case tables hold one case, plus the chunks in flight. Judging at the end
/// (`Program.judge`) hands each policy's kept findings on before its cases still held, which
/// come after them: the report is byte for byte the one of a log judged whole.
///
/// A chunk whose cases break the order (a case met again after another began, or a key that
/// goes back) ends it: from then on the audit keeps every case, as for any log, and if cases
/// were released already their findings are dropped and the tables read again from the
/// input's start up to that chunk (`AuditDriver`), so that nothing is judged without all its
/// events. Used only by a listing (not the accountability report, nor an audit that hands
/// back a record) of one input that can be read again (a regular file).
final class CaseRelease: @unchecked Sendable {
  /// A policy's findings kept until the end, in order.
  private enum Piece {
    /// Violations rendered, in memory.
    case bytes([UInt8], AuditCounts)
    /// Violations rendered, written to the temporary file.
    case spilled(SpillFile.Block, AuditCounts)
    /// A data error or a case with too few events (an event of the audit).
    case finding(GroupFinding)
  }

  /// Bytes of rendered violations a policy keeps in memory before writing them out.
  static let memoryLimit = 1 << 18

  private let program: Program
  private let renderer: any FindingRenderer
  /// Per group policy (over cases): its frame, reused from case to case.
  private let frames: [Frame?]
  /// Per group policy: what its released cases found, and the bytes not yet a piece.
  private var pieces: [[Piece]]
  private var pending: [[UInt8]]
  private var pendingCounts: [AuditCounts]
  /// Where rendered violations go past `memoryLimit` (made when first needed; nil when none
  /// could be made: they then stay in memory).
  private var spill: SpillFile?
  private var spillTried = false

  /// Whether every chunk so far kept the order: cases are released.
  private(set) var sorted = true
  /// How many cases were released (judged, their states dropped).
  private(set) var released = 0
  /// The most cases the tables held at once (after a chunk was added, before release).
  private(set) var mostHeld = 0

  init(program: Program, renderer: any FindingRenderer, now: Int64, directory: Directory?) {
    self.program = program
    self.renderer = renderer
    frames = program.groupPolicies.map { policy in
      policy.caseSlot == nil
        ? nil
        : Frame(
          slots: policy.keys.count + 2 * policy.aggregates.count, now: now, directory: directory)
    }
    let count = program.groupPolicies.count
    pieces = Array(repeating: [], count: count)
    pending = Array(repeating: [], count: count)
    pendingCounts = Array(repeating: AuditCounts(), count: count)
  }

  // MARK: - While reading

  /// Whether the cases of `part` (a chunk's tables) all come after those of `whole` (the
  /// tables so far, each holding at most its last case): each table's keys, in the order
  /// first met, strictly ascending, its first the same as or after the last so far.
  func admits(_ part: [CaseTable], after whole: [CaseTable]) -> Bool {
    for (table, cases) in part.enumerated() where cases.count > 0 {
      let before = whole[table]
      if before.count > 0, !Self.same(cases, 0, before, before.count - 1),
        Self.order(cases, 0, before, before.count - 1) <= 0
      {
        return false
      }
      for number in 1..<cases.count where Self.order(cases, number, cases, number - 1) <= 0 {
        return false
      }
    }
    return true
  }

  /// Notes how many cases `tables` hold, then judges every case of each but its last (all
  /// complete, the log being sorted so far) and drops them.
  func release(_ tables: inout [CaseTable]) {
    mostHeld = Swift.max(mostHeld, tables.reduce(0) { $0 + $1.count })
    for table in tables.indices where tables[table].count > 1 {
      let complete = 0..<(tables[table].count - 1)
      for policy in program.groupPolicies where policy.caseSlot?.table == table {
        judge(policy, complete, of: tables[table])
      }
      released += complete.count
      tables[table] = tables[table].keepingLast()
    }
  }

  /// Ends releasing: the log is not sorted by case. What the released cases found is
  /// dropped (the caller reads their events again), unless `keepingReleased` (they could
  /// not be read again: the caller says so).
  func stop(keepingReleased: Bool = false) {
    sorted = false
    guard !keepingReleased else { return }
    released = 0
    for policy in pieces.indices {
      pieces[policy] = []
      pending[policy] = []
      pendingCounts[policy] = AuditCounts()
    }
    spill = nil
  }

  /// Judges cases `numbers` of `table` under `policy`, keeping what they find in order.
  private func judge(_ policy: CompiledGroupPolicy, _ numbers: Range<Int>, of table: CaseTable) {
    let index = policy.index
    var out = ByteBuffer(capacity: 4096)
    var counts = AuditCounts()
    /// Moves what `out` holds to the policy's pending bytes.
    func keep() {
      guard !out.isEmpty else { return }
      out.withWritten(from: 0) { pending[index].append(contentsOf: $0) }
      out.truncate(to: 0)
      pendingCounts[index] = pendingCounts[index] + counts
      counts = AuditCounts()
    }
    // INVARIANT: made in `init` for every policy over cases.
    let frame = frames[index]!
    program.judgeCases(
      policy, numbers, of: table, frame: frame, keepsScope: false, renderer: renderer
    ) { found in
      switch found {
      case .rendered(let violations):
        keep()
        pending[index] += violations.bytes
        pendingCounts[index] = pendingCounts[index] + violations.counts
      case .finding(.violation(let violation)):
        // As `AuditDriver.judge` writes and counts it.
        if violation.atRisk != nil {
          counts.atRisk += 1
        } else {
          counts.countViolation(open: violation.open)
        }
        renderer.write(violation, to: &out)
      case .finding(.pause(let pause)):
        counts.dishonestPauses += 1
        renderer.write(pause, to: &out)
      case .finding(let finding):
        if case .judged = finding { return }
        if case .trend = finding { return }
        keep()
        flush(index)
        pieces[index].append(.finding(finding))
      }
      if out.count >= 1 << 16 { keep() }
    }
    keep()
    if pending[index].count >= Self.memoryLimit { flush(index) }
  }

  /// Makes the policy's pending bytes a piece: written to the temporary file when it can be
  /// had, else kept in memory.
  private func flush(_ policy: Int) {
    guard !pending[policy].isEmpty else { return }
    if !spillTried {
      spillTried = true
      spill = SpillFile.make()
    }
    if let spill, let block = spill.append(pending[policy]) {
      pieces[policy].append(.spilled(block, pendingCounts[policy]))
    } else {
      pieces[policy].append(.bytes(pending[policy], pendingCounts[policy]))
    }
    pending[policy] = []
    pendingCounts[policy] = AuditCounts()
  }

  // MARK: - At the end

  /// Hands on, in order, what group policy `index`'s released cases found: the rendered
  /// violations to `rendered`, the events to `found`.
  func handOn(
    _ index: Int, rendered: (RenderedViolations) -> Void, found: (GroupFinding) -> Void
  ) {
    flush(index)
    for piece in pieces[index] {
      switch piece {
      case .bytes(let bytes, let counts):
        rendered(RenderedViolations(bytes: bytes, counts: counts))
      case .spilled(let block, let counts):
        var bytes: [UInt8] = []
        do {
          // INVARIANT: a block was written only to the file `spill` holds.
          try spill!.read([block], into: &bytes)
          rendered(RenderedViolations(bytes: bytes, counts: counts))
        } catch {
          let policy = program.groupPolicies[index]
          found(
            .dataError(
              DataErrorReport(
                input: "", line: 0, record: "(\(counts.violations + counts.atRisk) cases)",
                policy: policy.name,
                error: DataError(
                  field: "(released cases)", value: .null,
                  message:
                    "the violations of cases judged while the log was read could not be read back from the temporary file: \(error.message)"
                ))))
        }
      case .finding(let finding):
        found(finding)
      }
    }
    pieces[index] = []
  }

  // MARK: - Keys

  /// Whether case `a` of `x` and case `b` of `y` have the same key (one case, as the table
  /// finds it).
  private static func same(_ x: CaseTable, _ a: Int, _ y: CaseTable, _ b: Int) -> Bool {
    guard x.keyCount == y.keyCount else { return false }
    for position in 0..<x.keyCount where x.keyValue(a, at: position) != y.keyValue(b, at: position)
    {
      return false
    }
    return true
  }

  /// The order of case `a` of `x` after case `b` of `y` as reports list cases: positive when
  /// it comes after.
  private static func order(_ x: CaseTable, _ a: Int, _ y: CaseTable, _ b: Int) -> Int {
    // The common key, one text: its bytes as the table keeps them, no value copied.
    if let order = x.textOrder(a, after: b, of: y) { return order }
    guard x.keyCount == y.keyCount else { return 0 }
    for position in 0..<x.keyCount {
      let order = Value.reportOrder(x.keyValue(a, at: position), y.keyValue(b, at: position))
      if order != 0 { return order }
    }
    return 0
  }
}
