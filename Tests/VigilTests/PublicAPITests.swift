import Foundation
import Testing

/// What an embedder can see: every `public` declaration of the library, one per line, kept in
/// `Fixtures/api/public-api.txt`. A change to the public API changes that file, so it is made
/// on purpose and reviewed (regenerate with `UPDATE_GOLDENS=1`); everything the stages share
/// with each other and with the command line is `package`.
@Suite("Public API")
struct PublicAPITests {
  @Test func thePublicAPIIsTheOneReviewed() throws {
    let sources = Paths.root.appendingPathComponent("Sources")
    let files = try #require(
      FileManager.default.enumerator(atPath: sources.path)?.allObjects as? [String]
    ).filter { $0.hasSuffix(".swift") && !$0.hasPrefix("VigilCLI/") && !$0.hasPrefix("vigil/") }
    #expect(!files.isEmpty)
    var lines: [String] = []
    for file in files.sorted() {
      let text = try String(
        contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      lines += Self.publicDeclarations(in: text).map { "\(file): \($0)" }
    }
    #expect(lines.count > 20)
    expectGolden(
      lines.joined(separator: "\n") + "\n", "Tests/VigilTests/Fixtures/api/public-api.txt")
  }

  /// Swift 6.3 inlines an `@inlinable` member of a `package` type into another module only
  /// when the type is `@usableFromInline` (else every use is a call: the time parse, a
  /// buffer's append): in a file with `@inlinable` members, every package type is.
  @Test func inlinableMembersBelongToTypesOtherModulesCanInline() throws {
    let sources = Paths.root.appendingPathComponent("Sources")
    let files = try #require(
      FileManager.default.enumerator(atPath: sources.path)?.allObjects as? [String]
    ).filter { $0.hasSuffix(".swift") }
    var withInlinable = 0
    var missing: [String] = []
    for file in files.sorted() {
      let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      guard text.contains("@inlinable") else { continue }
      withInlinable += 1
      // A type declared with `package` first has no `@usableFromInline` on its line; it may
      // have one on the line before.
      let lines = text.components(separatedBy: "\n")
      for (index, line) in lines.enumerated()
      where line.range(
        of: #"^package (final class|class|struct|enum|protocol) "#, options: .regularExpression)
        != nil
      {
        let before = index > 0 ? lines[index - 1] : ""
        if !before.hasPrefix("@usableFromInline") { missing.append("\(file):\(index + 1)") }
      }
    }
    #expect(withInlinable >= 4)
    #expect(missing == [])
  }

  /// The `public` declarations of a Swift file, each on one line with the types it is in
  /// (`Violation.ActionTaken: public var kind: Action.Kind`), without bodies or comments.
  static func publicDeclarations(in text: String) -> [String] {
    var found: [String] = []
    var types: [(indent: Int, name: String)] = []
    let lines = text.components(separatedBy: "\n")
    var index = 0
    while index < lines.count {
      let line = lines[index]
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      let indent = line.prefix { $0 == " " }.count
      index += 1
      // A comment, a blank line, or the brace that ends a declaration's header, which
      // belongs to the declaration above it.
      guard !trimmed.hasPrefix("//"), !trimmed.isEmpty, !trimmed.hasPrefix("{") else { continue }
      while let last = types.last, last.indent >= indent { types.removeLast() }
      let name = typeName(trimmed)
      defer { if let name { types.append((indent, name)) } }
      guard
        trimmed.range(
          of: #"^(@\w+(\([^)]*\))? )*(public|open) [a-z@]"#, options: .regularExpression)
          != nil
      else { continue }
      var declaration = trimmed
      // A declaration over several lines ends where its parentheses close.
      while balance(declaration) > 0, index < lines.count {
        declaration += " " + lines[index].trimmingCharacters(in: .whitespaces)
        index += 1
      }
      if let body = bodyStart(declaration) { declaration = String(declaration[..<body]) }
      declaration = declaration.replacingOccurrences(
        of: #"\s+"#, with: " ", options: .regularExpression
      ).replacingOccurrences(of: "( ", with: "(").replacingOccurrences(of: " )", with: ")")
        .trimmingCharacters(in: .whitespaces)
      let context = types.map(\.name).joined(separator: ".")
      found.append(context.isEmpty ? declaration : "\(context): \(declaration)")
    }
    return found
  }

  /// The name of the type a line declares or extends, if it does.
  static func typeName(_ line: String) -> String? {
    let pattern =
      #"^(@\w+(\([^)]*\))? )*((public|package|private|fileprivate|final|indirect) )*(struct|enum|class|protocol|extension|actor) ([A-Za-z_][\w.]*)"#
    guard let range = line.range(of: pattern, options: .regularExpression) else { return nil }
    return line[range].split(separator: " ").last.map(String.init)
  }

  /// Open parentheses not yet closed.
  static func balance(_ text: String) -> Int {
    text.reduce(0) { $0 + ($1 == "(" ? 1 : $1 == ")" ? -1 : 0) }
  }

  /// Where a declaration's body (or its stored value) starts, outside parentheses.
  static func bodyStart(_ text: String) -> String.Index? {
    var depth = 0
    for index in text.indices {
      switch text[index] {
      case "(", "[": depth += 1
      case ")", "]": depth -= 1
      case "{" where depth == 0: return index
      case "=" where depth == 0:
        // `==` and `=>` are operators, not a value.
        let next = text.index(after: index)
        if next < text.endIndex, text[next] == "=" { continue }
        if index > text.startIndex, "=!<>".contains(text[text.index(before: index)]) { continue }
        return index
      default: break
      }
    }
    return nil
  }
}
