import VigilCore
import VigilRecords

/// How to run an audit: the instant, how records are named, how many threads, what stops it.
package struct AuditOptions: Sendable {
  /// The audit instant, in milliseconds since the epoch.
  package var now: Int64
  /// The field naming a record.
  package var idField: FieldPath
  /// How many threads evaluate records (1: all on the calling thread).
  package var jobs: Int
  /// Stop at the first rejected record.
  package var strict: Bool
  /// The people directory relations (`manager of owner`) read.
  package var directory: Directory?
  /// Gather the accountability report into the tally instead of listing violations.
  package var accountability = false
  /// Whether the accountability report lists each party's violations (the HTML report
  /// does, the first `PartyTally.keptLines`; text, JSON and CSV only count them): when
  /// not, the tally keeps none.
  package var listsPartyViolations = true
  /// Whether the id field was named (`--id`): then an input none of whose records has it is
  /// an error (`DataWarning.Code.unknownIDField`), not records named by their line.
  package var idFieldGiven = false
  /// Records longer than this many bytes (without their line end) are rejected, without
  /// being read whole into memory (default `LineLimit.defaultBytes`, 64 MiB).
  package var maxLineBytes = LineLimit.defaultBytes
  /// The setting that sets `maxLineBytes`, named when a record is rejected (the command
  /// line's `--max-line-bytes`); nil: the message names only the limit.
  package var limitOption: String?
  /// The setting that names the id field, named where a message says to change it (the
  /// command line's `--id`); nil: none is named.
  package var idOption: String?
  /// For `vigil explain`: the record to hand back whole (`SelectedRecord`), named by its id,
  /// by `input:line`, or for an event log by its case.
  package var selecting: String?
  /// The usual size of the chunks the input is cut into (tests make it small); nil: as
  /// suits the policies (`ChunkReader.size(eventLog:)`).
  package var chunkSize: Int?
  /// Whether a listing of an event log sorted by case releases each case as the next
  /// begins (`CaseRelease`): for an audit of one input only (a case of one input may come
  /// again in the next), and used only when the input can be read again.
  package var releasesSortedCases = false

  /// Options for an audit as of `now`.
  package init(
    now: Int64, idField: FieldPath = FieldPath("id"), jobs: Int = 1, strict: Bool = false,
    directory: Directory? = nil
  ) {
    self.directory = directory
    self.now = now
    self.idField = idField
    self.jobs = jobs
    self.strict = strict
  }
}
