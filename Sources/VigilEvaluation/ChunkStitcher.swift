import VigilRecords

/// Puts the results of an input's chunks back together, in input order: their findings
/// handed on as they are (each chunk counts its lines from the input's start), their counts,
/// groups, fields and ids added up. The one place chunks are stitched.
struct ChunkStitcher {
  var counts = AuditCounts()
  var stopped = false
  /// The groups of the chunks stitched so far.
  var groups: AuditTally
  /// For JSON Lines: which fields the records stitched so far have, and which they repeat.
  var fields: FieldMarks
  /// The ids of the records stitched so far.
  var ids = RecordIDIndex()
  /// The input's whole lines in its first `HeadSample.limit` bytes (JSON Lines), gathered
  /// from the chunks that hold them, in order.
  var head: [UInt8] = []
  /// The first record of the input that the audit was asked to hand back.
  var selected: SelectedRecord?

  /// Adds a chunk's result (the next in input order) and returns its findings.
  mutating func stitch(_ result: ChunkResult) -> [Finding] {
    counts = counts + result.counts
    stopped = result.stopped
    groups.merge(result.groups)
    // A reader counts the lines of its field marks from the chunk's start.
    if let marks = result.fields { fields.merge(marks, baseLine: result.baseLine) }
    if let head = result.head { self.head += head }
    if selected == nil { selected = result.selected }
    ids.add(result.ids)
    return result.findings
  }
}
