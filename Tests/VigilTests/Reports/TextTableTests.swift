import Testing

@testable import VigilReports

/// The text reports' tables, written as bytes (`TextTable`): the same lines as laying them
/// out with strings, character by character, for cells of every kind.
@Suite("Text tables")
struct TextTableTests {
  /// The table as strings lay it out: widths in characters, a cell right-aligned when its
  /// first character is a number or `–`, trailing spaces trimmed.
  static func reference(_ header: [String], _ rows: [[String]]) -> String {
    let all = [header] + rows.map { $0.map(TextLine.escaped) }
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    var out = ""
    for row in all {
      var line = "  "
      for (column, cell) in row.enumerated() {
        let padding = String(repeating: " ", count: widths[column] - cell.count)
        let numeric = column > 0 && cell.first.map { $0.isNumber || $0 == "–" } ?? false
        line += numeric ? padding + cell : cell + padding
        if column < row.count - 1 { line += "  " }
      }
      while line.last == " " { line.removeLast() }
      out += line + "\n"
    }
    return out
  }

  static let header = ["name", "violations", "compliance", "oldest open"]
  static let rows: [[String]] = [
    ["kim", "12", "40% of 5", "slow R1 (unresolved 61h12m)"],
    ["José", "3", "–", ""],
    ["e\u{301}mile", "½", "٣ of 4", "late R\u{1F600}"],
    ["\"\"", "0", "100% of 1", "x\u{301}"],
    ["line\nbreak", "7\u{301}", "\u{301}9", "tab\there"],
    ["", "", "", ""],
    ["wide 日本語", "1000000", "9", "a\r\nb"],
  ]

  @Test func writesWhatStringsLayOut() {
    #expect(TextTable.render(Self.header, Self.rows) == Self.reference(Self.header, Self.rows))
    #expect(TextTable.render(Self.header, []) == Self.reference(Self.header, []))
    #expect(
      TextTable.render(Self.header, [["kim", "12", "40% of 5", "slow"]])
        == "  name  violations  compliance  oldest open\n  kim           12    40% of 5  slow\n")
  }

  @Test(arguments: [
    ("12", true), ("–", true), ("½", true), ("٣", true), ("7\u{301}", true), ("x", false),
    ("", false), ("\u{301}9", false), (" 1", false),
  ])
  func aCellBeginsWithANumberAsItsFirstCharacterDoes(cell: String, number: Bool) {
    #expect(TextTable.beginsWithNumber(cell) == number)
    #expect(
      TextTable.beginsWithNumber(cell) == (cell.first.map { $0.isNumber || $0 == "–" } ?? false))
  }

  @Test func aCellsWidthIsItsCharacters() {
    for cell in ["kim", "", "José", "e\u{301}", "日本", "a\r\nb", "\u{1F600}", "tab\there"] {
      #expect(TextTable.length(cell) == cell.count, "\(cell.debugDescription)")
    }
  }
}
