import Foundation
import Testing
import VigilFormat
import VigilSyntax

@testable import Vigil

/// `vigil fmt` over every policy file of the repository that parses: formatting is idempotent,
/// means the same (the same tree, ranges aside) and keeps every comment, in order.
@Suite("Formatter (every policy file)")
struct FormatCorpusTests {
  /// Every `.vigil` file under rules/, examples/ and the test fixtures, relative to the root.
  static let files: [String] = ["rules", "examples", "Tests/VigilTests/Fixtures"].flatMap {
    folder -> [String] in
    let walker = FileManager.default.enumerator(atPath: repoPath(folder))
    var found: [String] = []
    while let relative = walker?.nextObject() as? String {
      if relative.hasSuffix(".vigil") { found.append(folder + "/" + relative) }
    }
    return found.sorted()
  }

  /// Every policy file the repository holds today: all must be found (more may be added).
  static let known: Set<String> = [
    "Tests/VigilTests/Fixtures/accountability/policies.vigil",
    "Tests/VigilTests/Fixtures/calendars/office.vigil",
    "Tests/VigilTests/Fixtures/cli/policy.vigil",
    "Tests/VigilTests/Fixtures/conformance/business_days_versions.vigil",
    "Tests/VigilTests/Fixtures/conformance/calendar_versions.vigil",
    "Tests/VigilTests/Fixtures/conformance/coalesce_paths.vigil",
    "Tests/VigilTests/Fixtures/conformance/continuation.vigil",
    "Tests/VigilTests/Fixtures/conformance/cycles.vigil",
    "Tests/VigilTests/Fixtures/cycles/policies.vigil",
    "Tests/VigilTests/Fixtures/pauses/policies.vigil",
    "Tests/VigilTests/Fixtures/conformance/dst_rome.vigil",
    "Tests/VigilTests/Fixtures/conformance/end_before_start.vigil",
    "Tests/VigilTests/Fixtures/conformance/holders.vigil",
    "Tests/VigilTests/Fixtures/conformance/honest_pauses.vigil",
    "Tests/VigilTests/Fixtures/conformance/first_state_decides_open.vigil",
    "Tests/VigilTests/Fixtures/conformance/membership_nulls.vigil",
    "Tests/VigilTests/Fixtures/conformance/neglect.vigil",
    "Tests/VigilTests/Fixtures/conformance/now_boundaries.vigil",
    "Tests/VigilTests/Fixtures/conformance/parties.vigil",
    "Tests/VigilTests/Fixtures/conformance/reserved_names.vigil",
    "Tests/VigilTests/Fixtures/conformance/state_between.vigil",
    "Tests/VigilTests/Fixtures/conformance/text_exact.vigil",
    "Tests/VigilTests/Fixtures/conformance/text_numbers.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/allow_errors.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/calendar_versions.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/calendars.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/cycle_a.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/cycle_b.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/cycles.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/cycles_records.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/cycles_syntax.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/events.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/events_unordered.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/groups.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/holders.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/holders_records.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/includes.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/lints.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/lints_allow_property.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/lints_texts.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/lints_units.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/many_errors.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/names.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/structure.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/syntax.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/types.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/warnings.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/with_data.vigil",
    "Tests/VigilTests/Fixtures/diff/new/complaints.vigil",
    "Tests/VigilTests/Fixtures/diff/old/complaints.vigil",
    "Tests/VigilTests/Fixtures/explain/calendar.vigil",
    "Tests/VigilTests/Fixtures/explain/policies.vigil",
    "Tests/VigilTests/Fixtures/format/breaking.formatted.vigil",
    "Tests/VigilTests/Fixtures/format/breaking.vigil",
    "Tests/VigilTests/Fixtures/format/broken/broken.vigil",
    "Tests/VigilTests/Fixtures/format/broken/untidy.vigil",
    "Tests/VigilTests/Fixtures/format/cli/.hidden/ignored.vigil",
    "Tests/VigilTests/Fixtures/format/cli/more/untidy.vigil",
    "Tests/VigilTests/Fixtures/format/cli/tidy.vigil",
    "Tests/VigilTests/Fixtures/format/cli/untidy.vigil",
    "Tests/VigilTests/Fixtures/format/comments.formatted.vigil",
    "Tests/VigilTests/Fixtures/format/comments.vigil",
    "Tests/VigilTests/Fixtures/format/edge_cases.vigil",
    "Tests/VigilTests/Fixtures/format/parentheses.formatted.vigil",
    "Tests/VigilTests/Fixtures/format/parentheses.vigil",
    "Tests/VigilTests/Fixtures/format/statements.formatted.vigil",
    "Tests/VigilTests/Fixtures/format/statements.vigil",
    "Tests/VigilTests/Fixtures/groups/sequence.vigil",
    "Tests/VigilTests/Fixtures/readme/escalations.vigil",
    "Tests/VigilTests/Fixtures/tests/tickets.vigil",
    "examples/boston311.vigil",
    "examples/cfpb.vigil",
    "examples/helpdesk_cycles.vigil",
    "examples/helpdesk_events.vigil",
    "examples/helpdesk_holders.vigil",
    "examples/itsm_events.vigil",
    "examples/nyc311.vigil",
    "examples/nyc311_groups.vigil",
    "examples/office_calendar.vigil",
    "rules/calls.vigil",
    "rules/common.vigil",
    "rules/complaints.vigil",
    "rules/enquiries.vigil",
    "rules/loyalty.vigil",
    "rules/trends.vigil",
  ]

  /// The files written with syntax errors, to test diagnostics: each must fail to parse.
  static let broken: Set<String> = [
    "Tests/VigilTests/Fixtures/diagnostics/allow_errors.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/calendar_versions.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/calendars.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/cycles_syntax.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/groups.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/holders.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/names.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/structure.vigil",
    "Tests/VigilTests/Fixtures/diagnostics/syntax.vigil",
    "Tests/VigilTests/Fixtures/format/broken/broken.vigil",
  ]

  /// The only folders whose files may have syntax errors.
  static let brokenFolders = [
    "Tests/VigilTests/Fixtures/diagnostics/", "Tests/VigilTests/Fixtures/format/broken/",
  ]

  /// The text of the policy file at `path`, or an error naming it.
  static func read(_ path: String) throws -> String {
    do {
      return try String(contentsOfFile: repoPath(path), encoding: .utf8)
    } catch {
      throw FixtureError(path: path, problem: "cannot be read as UTF-8 text: \(error)")
    }
  }

  /// Whether the file at `path` parses; a file that does not must be one written with errors,
  /// and the formatter must refuse it.
  static func parses(_ path: String, _ text: String) -> Bool {
    let source = Source(text: text, file: path)
    let errors = Parser.parse(source).1
    guard !errors.isEmpty else {
      #expect(!broken.contains(path), "\(path) was written with syntax errors, and parses")
      return true
    }
    #expect(
      brokenFolders.contains { path.hasPrefix($0) },
      "\(path) does not parse:\n\(Diagnostics(all: errors))")
    #expect(throws: Diagnostics.self, "the formatter formats \(path), which does not parse") {
      try PolicyFormatter().format(source)
    }
    return false
  }

  @Test func findsTheFiles() {
    #expect(Self.known.subtracting(Self.files).sorted() == [])
    #expect(Self.files.count >= Self.known.count)
    #expect(Self.broken.isSubset(of: Self.known))
  }

  @Test(arguments: files)
  func formatKeepsMeaningAndComments(_ path: String) throws {
    let text = try Self.read(path)
    guard Self.parses(path, text) else { return }
    let source = Source(text: text, file: path)
    let original = Parser.parse(source).0
    let formatted = try PolicyFormatter().format(source)
    let (reparsed, errors) = Parser.parse(Source(text: formatted, file: path))
    #expect(errors.isEmpty, "the formatted \(path) does not parse:\n\(formatted)")
    #expect(fileShape(reparsed) == fileShape(original), "the formatted \(path) means otherwise")
    #expect(comments(formatted) == comments(text), "the formatted \(path) lost comments")
    let again = try PolicyFormatter().format(Source(text: formatted, file: path))
    #expect(again == formatted, "formatting \(path) twice changes it")
    #expect(formatted.hasSuffix("\n") && !formatted.hasSuffix("\n\n"))
    #expect(!formatted.contains(" \n"), "trailing spaces in the formatted \(path)")
  }

  /// The layout does not depend on the spaces between the tokens of a line.
  @Test(arguments: files)
  func spacesBetweenTokensDoNotMatter(_ path: String) throws {
    let text = try Self.read(path)
    guard Self.parses(path, text) else { return }
    let formatted = try PolicyFormatter().format(Source(text: text, file: path))
    let spaced = spacedOut(text)
    #expect(spaced != text || !text.contains(" "))
    #expect(try PolicyFormatter().format(Source(text: spaced, file: path)) == formatted)
  }

  /// `text` with two more spaces before every token that does not start its line (except the
  /// `(` of a call, which must follow its name).
  func spacedOut(_ text: String) -> String {
    var lexer = Lexer(source: Source(text: text, file: "t"))
    let tokens = lexer.tokenize()
    var bytes = Array(text.utf8)
    for position in stride(from: tokens.count - 2, to: 0, by: -1) {
      let token = tokens[position]
      let call = token.isSymbol(.leftParen) && tokens[position - 1].range.end == token.range.start
      guard !token.startsLine, !call else { continue }
      bytes.insert(contentsOf: Array("  ".utf8), at: token.range.start)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The texts of the comments of `text`, in order, without trailing spaces.
  func comments(_ text: String) -> [String] {
    var lexer = Lexer(source: Source(text: text, file: "t"))
    _ = lexer.tokenize()
    return lexer.comments.map { FileLayout.trimmed($0.text) }
  }
}
