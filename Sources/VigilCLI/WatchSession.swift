import Vigil
import VigilCore
import VigilLive
import VigilRecords

/// A watch's output and its `--state` file. With a state file, findings are held and go out
/// together after the checkpoint that holds them (so that a restart writes exactly those
/// that did not get out): every 1,000 lines or second, and whenever the input has nothing
/// more for now — but no sooner than nine times as long as the last checkpoint took to write
/// after it. The state is restored on a restart — or, when the policies changed, rebuilt
/// by reading the input again from its start without writing what was written before.
final class WatchSession {
  /// Milliseconds between checkpoints.
  static let checkpointMilliseconds: Int64 = 1000
  /// A checkpoint waits at least this many times as long as the last one took to write, so
  /// that writing a large state takes at most a tenth of the watch's time.
  static let costFactor: Int64 = 9
  /// Lines read between checkpoints (`--checkpoint-lines`, default 1,000).
  var checkpointLines = 1000

  private let statePath: String?
  private let digest: String
  private let source: FileFollower
  private let decoder: RecordDecoder
  private let context: CommandContext
  private let checkpoint: WatchCheckpoint?
  /// While rebuilding: findings of lines up to this offset were written before.
  private var silentUntil: Int64?
  private var linesSinceCheckpoint = 0
  /// Findings held until the next checkpoint, and their JSON lines for `--exec`.
  private var held: [UInt8] = []
  private var heldLines: [String] = []
  /// With a state file: the journal of what went out to standard output.
  private var journal: OutputJournal?
  /// `--exec`: the command findings are delivered to, and how many it had delivered at the
  /// last checkpoint.
  private let sink: ExecSink?
  private var deliveredAtCheckpoint = 0
  private var lastCheckpoint: Int64
  /// How long the last checkpoint took to write, in milliseconds.
  private var lastCost: Int64 = 0
  /// Whether the state was restored (the input then goes on where it was).
  private(set) var restored = false

  init(
    statePath: String?, digest: String, source: FileFollower, decoder: RecordDecoder,
    sink: ExecSink?, context: CommandContext
  ) throws(UsageError) {
    self.sink = sink
    self.statePath = statePath
    self.digest = digest
    self.source = source
    self.decoder = decoder
    self.context = context
    lastCheckpoint = context.clock()
    guard let statePath else {
      checkpoint = nil
      return
    }
    if source.isStandardInput {
      throw UsageError("--state needs --data FILE: standard input cannot be read again")
    }
    journal = OutputJournal(statePath: statePath)
    do {
      checkpoint = try WatchCheckpoint.load(statePath)
    } catch {
      throw .unreadable(
        "cannot read the state file '\(statePath)': \(error); remove it to start afresh")
    }
    guard let sink else { return }
    // A restart goes on counting in the run of its checkpoint, after what it delivered.
    var run = DeliveryJournal.newRun()
    var base = 0
    if let checkpoint, let kept = checkpoint.run, let delivered = checkpoint.delivered {
      run = kept
      base = max(delivered, DeliveryJournal.delivered(statePath: statePath, run: kept) ?? 0)
    }
    do {
      sink.journal = try DeliveryJournal(statePath: statePath, run: run, base: base)
    } catch {
      throw .unreadable("\(error)")
    }
  }

  /// The engine: restored from the state file when its policies are these, else new.
  func engine(_ live: LiveProgram, input: String, replacesByID: Bool) -> WatchEngine {
    guard let checkpoint, let statePath else {
      return WatchEngine(live, input: input, replacesByID: replacesByID)
    }
    guard checkpoint.policyDigest == digest else {
      context.stderr.write(
        "vigil watch: the policies changed since '\(statePath)' was written (digest "
          + "\(checkpoint.policyDigest.prefix(12))…, now \(digest.prefix(12))…): rebuilding the "
          + "state by reading the input again from its start; the findings of its first "
          + "\(checkpoint.line) lines are not written again\n")
      silentUntil = checkpoint.offset
      restorePending(checkpoint, statePath)
      return WatchEngine(live, input: input, replacesByID: replacesByID)
    }
    if let header = checkpoint.header { _ = decoder.decode(header) }
    restored = source.resume(
      offset: checkpoint.offset, line: checkpoint.line, identity: checkpoint.file
    ) { reason in
      context.stderr.write("vigil watch: \(reason)\n")
    }
    // Another file: its CSV header is its own first line.
    if source.resumedAtStart { decoder.restart() }
    deliver(checkpoint, statePath)
    restorePending(checkpoint, statePath)
    return WatchEngine(
      live, input: input, replacesByID: replacesByID, restoring: checkpoint.engine)
  }

  /// Queues for `--exec` the findings the state kept undelivered (said when there is no
  /// `--exec` to take them).
  private func restorePending(_ checkpoint: WatchCheckpoint, _ statePath: String) {
    var pending = checkpoint.pending ?? []
    // What the command took after the checkpoint (its run's journal) is not delivered again.
    if let run = checkpoint.run, let before = checkpoint.delivered,
      let after = DeliveryJournal.delivered(statePath: statePath, run: run), after > before
    {
      let done = min(after - before, pending.count)
      pending.removeFirst(done)
      context.stderr.write(
        "vigil watch: \(plural(done, "finding")) kept in '\(statePath)' were delivered to "
          + "--exec after it was written (its journal says so): not delivered again\n")
    }
    guard let sink else {
      if !pending.isEmpty {
        context.stderr.write(
          "vigil watch: '\(statePath)' keeps \(plural(pending.count, "finding")) not delivered "
            + "to --exec, and there is no --exec now: they are dropped (give --exec CMD to "
            + "deliver them)\n")
      }
      return
    }
    sink.enqueue(pending)
  }

  /// Writes the part of the checkpoint's findings that did not get out before it stopped: what
  /// standard output grew by, when it is a regular file then and now; else what the journal
  /// of what went out says of this outbox (none of it when it names another).
  private func deliver(_ checkpoint: WatchCheckpoint, _ statePath: String) {
    guard !checkpoint.outbox.isEmpty else { return }
    var done: Int64 = 0
    if let before = checkpoint.outputSize, let size = outputSize, size >= before {
      done = size - before
    } else if let id = checkpoint.outboxID,
      let journal = OutputJournal.read(statePath: statePath), journal.id == id
    {
      done = journal.written
    }
    send(checkpoint.outbox, id: checkpoint.outboxID, from: done)
  }

  /// The size of standard output when it is a regular file; nil for anything else (a pipe, a
  /// sink in memory).
  private var outputSize: Int64? {
    outputDescriptor.flatMap { WatchCheckpoint.regularFileSize($0) }
  }

  /// Standard output's descriptor, nil for a sink in memory.
  private var outputDescriptor: Int32? { (context.stdout as? FileSink)?.descriptor }

  /// Writes `outbox` (named `id`) out from byte `start` on, recording in the journal of what
  /// went out how much did.
  private func send(_ outbox: [UInt8], id: String?, from start: Int64) {
    context.stdout.flush()
    guard let journal, let id else {
      context.stdout.write(Array(outbox[Int(min(start, Int64(outbox.count)))...]))
      context.stdout.flush()
      return
    }
    journal.begin(id, written: start)
    journal.send(outbox, to: outputDescriptor) { rest in
      context.stdout.write(Array(rest))
      context.stdout.flush()
    }
  }

  private var isSilent: Bool { silentUntil.map { source.consumedOffset <= $0 } ?? false }

  /// Writes findings out (`bytes`) and queues them for `--exec` (`lines`); with a state file,
  /// holds them for the next checkpoint.
  func emit(_ bytes: [UInt8], lines: [String], engine: WatchEngine) {
    guard !isSilent else { return }
    guard statePath != nil else {
      context.stdout.write(bytes)
      context.stdout.flush()
      sink?.enqueue(lines)
      return
    }
    held += bytes
    heldLines += lines
  }

  /// Writes on standard error what `--exec` has to say.
  private func sinkNotices() {
    guard let sink else { return }
    let notices = sink.takeNotices()
    guard !notices.isEmpty else { return }
    for notice in notices { context.stderr.write(notice) }
    context.stderr.flush()
  }

  /// After each line: a checkpoint when one is due.
  func lineRead(engine: WatchEngine, between: Bool) {
    sinkNotices()
    guard statePath != nil, !isSilent, between else { return }
    linesSinceCheckpoint += 1
    if Self.isCheckpointDue(
      lines: linesSinceCheckpoint, every: checkpointLines,
      elapsed: context.clock() - lastCheckpoint, lastCost: lastCost)
    {
      commit(engine)
    }
  }

  /// Whether a checkpoint is due after a line: `lines` read and `elapsed` milliseconds gone
  /// since the last one, which took `lastCost` milliseconds to write. Every `every` lines or
  /// second — but never sooner than `costFactor` times the last one's cost after it ends.
  static func isCheckpointDue(lines: Int, every: Int, elapsed: Int64, lastCost: Int64) -> Bool {
    (lines >= every || elapsed >= checkpointMilliseconds) && elapsed >= costFactor * lastCost
  }

  /// When the input has nothing more for now: what is held goes out.
  func idle(engine: WatchEngine, between: Bool) {
    sinkNotices()
    let delivered = sink?.delivered ?? 0
    guard statePath != nil, !isSilent, between,
      !held.isEmpty || linesSinceCheckpoint > 0 || delivered != deliveredAtCheckpoint,
      context.clock() - lastCheckpoint >= Self.costFactor * lastCost
    else {
      return
    }
    commit(engine)
  }

  /// At the end of the input: a last checkpoint; `--exec` delivers what it holds until one
  /// delivery fails, and what is left is kept in the state file (or lost, said on stderr).
  func finish(engine: WatchEngine) {
    if statePath != nil, !isSilent {
      let wrote = !held.isEmpty
      commit(engine)
      // What the last checkpoint held is out: a restart writes none of it again, whatever
      // standard output is (a pipe too).
      if wrote && sink == nil {
        save(engine, outbox: [], outputSize: nil, pending: nil, delivered: 0)
      }
    }
    guard let sink else { return }
    let left = sink.finish()
    sinkNotices()
    if statePath != nil, !isSilent {
      save(engine, outbox: [], outputSize: nil, pending: left, delivered: sink.delivered)
    }
    guard !left.isEmpty else { return }
    if let statePath {
      context.stderr.write(
        "vigil watch: \(plural(left.count, "finding")) not delivered to --exec: kept in "
          + "'\(statePath)', delivered first when the watch goes on\n")
    } else {
      context.stderr.write(
        "vigil watch: \(plural(left.count, "finding")) not delivered to --exec: lost (keep "
          + "them with --state FILE)\n")
    }
  }

  /// A checkpoint holding the findings held, then the findings written out (recorded in the
  /// journal of what went out as they go, from the moment the checkpoint is in place).
  private func commit(_ engine: WatchEngine) {
    context.stdout.flush()
    let progress = sink?.progress
    let id = held.isEmpty ? nil : OutputJournal.newID()
    save(
      engine, outbox: held, outboxID: id, outputSize: outputSize,
      pending: progress.map { $0.pending + heldLines }, delivered: progress?.delivered ?? 0)
    if !held.isEmpty {
      send(held, id: id, from: 0)
      held = []
    }
    sink?.enqueue(heldLines)
    heldLines = []
  }

  private func save(
    _ engine: WatchEngine, outbox: [UInt8], outboxID: String? = nil, outputSize: Int64?,
    pending: [String]?, delivered: Int
  ) {
    guard let statePath else { return }
    deliveredAtCheckpoint = delivered
    linesSinceCheckpoint = 0
    let started = context.clock()
    defer {
      lastCheckpoint = context.clock()
      lastCost = max(0, lastCheckpoint - started)
    }
    let checkpoint = WatchCheckpoint(
      policyDigest: digest, offset: source.consumedOffset, line: source.lineNumber,
      header: decoder.headerBytes, engine: engine.snapshot, outbox: outbox,
      outputSize: outputSize, pending: pending, file: source.fileIdentity,
      run: sink?.journal?.run, delivered: sink?.journal.map { $0.base + delivered },
      outboxID: outboxID)
    do {
      try checkpoint.save(statePath)
      // The journal holds only what comes after this checkpoint.
      sink?.checkpointed()
    } catch {
      context.stderr.write("vigil watch: \(error)\n")
      context.stderr.flush()
    }
  }
}
