/// A unified diff of two texts, line by line, as `diff -u` prints it: `--- a/FILE`,
/// `+++ b/FILE`, then `@@ -l,n +l,n @@` hunks with `context` lines of context around changes.
/// The lines are matched by Myers' algorithm (a shortest edit script).
package struct UnifiedDiff: Sendable {
  /// The lines of context around each change.
  package var context: Int

  /// A diff showing `context` lines around each change.
  package init(context: Int = 3) {
    self.context = context
  }

  /// The diff from `old` to `new`, both named `file`; empty when they are equal.
  package func render(old: String, new: String, file: String) -> String {
    let oldLines = Self.lines(old)
    let newLines = Self.lines(new)
    let edits = Self.script(oldLines.map(\.key), newLines.map(\.key))
    guard edits.contains(where: { $0.kind != .same }) else { return "" }
    var out = "--- a/\(file)\n+++ b/\(file)\n"
    for hunk in hunks(edits) {
      out += header(hunk, edits)
      for edit in edits[hunk] {
        switch edit.kind {
        case .same: out += line(" ", oldLines[edit.old])
        case .removed: out += line("-", oldLines[edit.old])
        case .added: out += line("+", newLines[edit.new])
        }
      }
    }
    return out
  }

  /// One line of a text, and whether a line break ends it.
  private struct Line {
    var text: String
    var ended: Bool

    /// What is compared: a last line without a line break differs from one with.
    var key: String { ended ? text + "\n" : text }
  }

  private static func lines(_ text: String) -> [Line] {
    var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      Line(text: String($0), ended: true)
    }
    if parts.last?.text.isEmpty == true {
      parts.removeLast()
    } else if !parts.isEmpty {
      parts[parts.count - 1].ended = false
    }
    return parts
  }

  private func line(_ marker: String, _ line: Line) -> String {
    marker + line.text + (line.ended ? "\n" : "\n\\ No newline at end of file\n")
  }

  /// One step of an edit script: a line kept, removed from the old text or added from the new.
  private struct Edit {
    enum Kind { case same, removed, added }
    var kind: Kind
    /// The line's index in the old text (for `same`, `removed`), or the old lines before it.
    var old: Int
    /// The line's index in the new text (for `same`, `added`), or the new lines before it.
    var new: Int
  }

  /// The ranges of `edits` to show: each change with `context` lines around it, hunks closer
  /// than twice the context joined.
  private func hunks(_ edits: [Edit]) -> [Range<Int>] {
    var hunks: [Range<Int>] = []
    for (position, edit) in edits.enumerated() where edit.kind != .same {
      let start = Swift.max(0, position - context)
      let end = Swift.min(edits.count, position + context + 1)
      if let last = hunks.last, last.upperBound >= start {
        hunks[hunks.count - 1] = last.lowerBound..<Swift.max(last.upperBound, end)
      } else {
        hunks.append(start..<end)
      }
    }
    return hunks
  }

  private func header(_ hunk: Range<Int>, _ edits: [Edit]) -> String {
    let slice = edits[hunk]
    let oldCount = slice.filter { $0.kind != .added }.count
    let newCount = slice.filter { $0.kind != .removed }.count
    let first = edits[hunk.lowerBound]
    return "@@ -\(span(first.old, oldCount)) +\(span(first.new, newCount)) @@\n"
  }

  /// `start,count` as diff writes it: 1-based, `,1` left out, an empty span after its line.
  private func span(_ start: Int, _ count: Int) -> String {
    switch count {
    case 0: return "\(start),0"
    case 1: return "\(start + 1)"
    default: return "\(start + 1),\(count)"
    }
  }

  /// A shortest edit script from `old` to `new` (Myers, 1986), removals before additions.
  private static func script(_ old: [String], _ new: [String]) -> [Edit] {
    let total = old.count + new.count
    let offset = total + 1
    var frontier = [Int](repeating: 0, count: 2 * total + 3)
    var trace: [[Int]] = []
    search: for distance in 0...total {
      trace.append(frontier)
      for diagonal in stride(from: -distance, through: distance, by: 2) {
        let down =
          diagonal == -distance
          || (diagonal != distance
            && frontier[offset + diagonal - 1] < frontier[offset + diagonal + 1])
        var x = down ? frontier[offset + diagonal + 1] : frontier[offset + diagonal - 1] + 1
        var y = x - diagonal
        while x < old.count && y < new.count && old[x] == new[y] {
          x += 1
          y += 1
        }
        frontier[offset + diagonal] = x
        if x >= old.count && y >= new.count { break search }
      }
    }
    return backtrack(trace, old.count, new.count, offset)
  }

  private static func backtrack(_ trace: [[Int]], _ oldCount: Int, _ newCount: Int, _ offset: Int)
    -> [Edit]
  {
    var edits: [Edit] = []
    var x = oldCount
    var y = newCount
    for distance in stride(from: trace.count - 1, through: 0, by: -1) {
      let frontier = trace[distance]
      let diagonal = x - y
      let down =
        diagonal == -distance
        || (diagonal != distance
          && frontier[offset + diagonal - 1] < frontier[offset + diagonal + 1])
      let previousDiagonal = down ? diagonal + 1 : diagonal - 1
      let previousX = distance == 0 ? 0 : frontier[offset + previousDiagonal]
      let previousY = distance == 0 ? 0 : previousX - previousDiagonal
      while x > previousX && y > previousY {
        x -= 1
        y -= 1
        edits.append(Edit(kind: .same, old: x, new: y))
      }
      guard distance > 0 else { break }
      if down {
        y -= 1
        edits.append(Edit(kind: .added, old: x, new: y))
      } else {
        x -= 1
        edits.append(Edit(kind: .removed, old: x, new: y))
      }
      x = previousX
      y = previousY
    }
    return edits.reversed()
  }
}
