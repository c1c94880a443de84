import VigilRecords

/// Puts the results of an input's chunks back together, in input order: their findings
/// handed on as they are (each chunk counts its lines from the input's start, or from its own
/// until stitched: `ChunkResult.linesFromChunkStart`), their counts, groups, fields and ids
/// added up. The one place chunks are stitched.
struct ChunkStitcher {
  var counts = AuditCounts()
  var stopped = false
  /// The groups of the chunks stitched so far.
  var groups: AuditTally
  /// For JSON Lines: which fields the records stitched so far have, and which they repeat.
  var fields: FieldMarks
  /// The ids of the records stitched so far.
  var ids = RecordIDIndex()
  /// The lines of the input before its chunks (a CSV header's).
  var baseLine = 0
  /// With a `LineFeedLedger`: the line feeds of the chunks stitched so far.
  private(set) var lineFeeds = 0
  /// The input's whole lines in its first `HeadSample.limit` bytes (JSON Lines), gathered
  /// from the chunks that hold them, in order.
  var head: [UInt8] = []
  /// The first record of the input that the audit was asked to hand back.
  var selected: SelectedRecord?
  /// For a log whose cases are released (`groups.release`): its case tables read again from
  /// the input's start up to a chunk's offset, or why they could not be.
  var reread: ((Int) -> Result<[CaseTable], CaseRereadError>)?

  /// Adds a chunk's result (the next in input order) and returns its findings.
  mutating func stitch(_ result: ChunkResult) -> [Finding] {
    var result = result
    // Lines counted from the chunk's start now count from the input's (its ids' when they
    // are searched).
    let idLineBase = result.linesFromChunkStart ? baseLine + lineFeeds : 0
    result.shiftLines(to: baseLine + lineFeeds, ids: false)
    lineFeeds += result.lineFeeds
    counts = counts + result.counts
    stopped = result.stopped
    let found = merge(result)
    // A reader counts the lines of its field marks from the chunk's start.
    if let marks = result.fields { fields.merge(marks, baseLine: result.baseLine) }
    if let head = result.head { self.head += head }
    if selected == nil { selected = result.selected }
    ids.add(result.ids, lineBase: idLineBase)
    guard let found else { return result.findings }
    counts.rejected += 1
    return result.findings + [found]
  }

  /// Adds the chunk's groups; for a log whose cases are released, releases those complete
  /// while its cases keep their order, else ends releasing (reading the cases released so far
  /// again). Returns a rejection when they could not be read again.
  private mutating func merge(_ result: ChunkResult) -> Finding? {
    guard let release = groups.release, release.sorted else {
      groups.merge(result.groups)
      return nil
    }
    if release.admits(result.groups.cases, after: groups.cases) {
      groups.merge(result.groups)
      release.release(&groups.cases)
      return nil
    }
    var rejection: Finding?
    if release.released > 0, let reread {
      switch reread(result.offset) {
      case .success(let tables):
        groups.cases = tables
        release.stop()
      case .failure(let error):
        release.stop(keepingReleased: true)
        rejection = .event(.rejected(Rejection(input: error.input, line: 0, reason: error.reason)))
      }
    } else {
      release.stop()
    }
    groups.merge(result.groups)
    return rejection
  }
}

/// Why the cases of a log that turned out not to be sorted by case could not be read again.
struct CaseRereadError: Error {
  var input: String
  var reason: String
}
