import Testing

@testable import VigilLSP

/// Which keywords completion offers where: the context of the cursor (`|`) in a file.
@Suite("LSP completion context")
struct CompletionContextTests {
  static let calendar = """
    calendar support:
      monday to friday "09:00-17:00"
      zone "Europe/Paris"
      from "2027-01-01":
        # The new hours.
        |

    """

  @Test(arguments: [
    ("|", CompletionContext.statement),
    ("pol|", .statement),
    ("define x = a |", .expression),
    ("define x = a an|", .expression),
    ("include |", .none),
    ("policy p:\n  |", .policyLine),
    ("policy p:\n  sev|", .policyLine),
    ("policy p:\n  x > 1 → flag\n\n  # a comment\n  |", .policyLine),
    ("policy p:\n  severity: |", .severity),
    ("policy p:\n  cycles: |", .cycles),
    ("policy p:\n  accountable: |", .expression),
    ("policy p:\n  accountable: Res|", .expression),
    ("policy p:\n  accountable: Resource |", .holder),
    ("policy p:\n  accountable: Resource held |", .holder),
    ("policy p:\n  because: \"slow |", .none),
    ("policy p:\n  per owner, |", .grouping),
    ("policy p:\n  among x |", .expression),
    ("policy p:\n  x > 1 → |", .action),
    ("policy p:\n  x > 1 -> notify owner, |", .action),
    ("policy p:\n  x > 1 # |", .none),
    ("x > 1 |", .expression),
    ("calendar c:\n  |", .calendarLine(versions: true)),
    ("calendar c:\n  zone \"UTC\"\n  mon|", .calendarLine(versions: true)),
    ("calendar c:\n  monday |", .none),
    (calendar, .calendarLine(versions: false)),
    ("calendar c by region:\n  |", .choice),
  ])
  func context(_ marked: String, _ expected: CompletionContext) {
    let text = Array(marked.replacingOccurrences(of: "|", with: "").utf8)
    let offset = Array(marked.utf8).firstIndex(of: UInt8(ascii: "|")) ?? 0
    let word = text[..<offset].reversed().prefix { LanguageServer.isNameByte($0) }.count
    #expect(CompletionContext.at(text, offset: offset, wordStart: offset - word) == expected)
  }

  /// The keywords a context offers, and whether names are offered with them.
  @Test func eachContextOffersItsKeywords() {
    #expect(
      CompletionContext.policyLine.keywords == [
        "severity:", "because:", "accountable:", "allow:", "per", "among", "at least", "warn at",
        "unless followed by", "cycles:", "not", "no", "from", "now", "true", "false", "null",
        "manager of", "team of", "role of", "email of", "lead of", "each cycle from",
      ])
    #expect(
      CompletionContext.calendarLine(versions: true).keywords == [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "zone",
        "holidays", "from",
      ])
    #expect(
      CompletionContext.calendarLine(versions: false).keywords == [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "zone",
        "holidays",
      ])
    #expect(
      CompletionContext.expression.keywords == [
        "and", "or", "not", "in", "contains", "matches", "between", "is", "is not", "missing",
        "present", "from", "until", "paused in", "while", "where", "within", "no",
        "business days", "of", "now", "true", "false", "null", "manager of", "team of",
        "role of", "email of", "lead of", "each cycle from",
      ])
    #expect(CompletionContext.cycles.keywords == ["every", "first", "last"])
    #expect(
      CompletionContext.holder.keywords
        == ["at breach", "held longest", "by share"] + CompletionContext.expression.keywords)
    let contexts: [CompletionContext] = [
      .statement, .policyLine, .grouping, .action, .expression, .calendarLine(versions: true),
      .choice, .severity, .cycles, .none, .holder,
    ]
    #expect(
      contexts.map(\.takesNames) == [
        true, true, true, true, true, false, false, false, false, false, true,
      ])
  }
}
