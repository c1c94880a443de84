import Foundation
import VigilSyntax

/// `textDocument/definition`, `references` and `rename`, for definitions and calendars, across
/// the files of the workspace that include the file declaring them, and for policies (with
/// the test files that name them: `LanguageServer+Policies`).
extension LanguageServer {
  /// A name under the cursor that is declared somewhere: the name, and its declaration.
  struct Declared {
    var name: String
    var range: SourceRange
    var source: Source
    /// A policy: its uses are in test files (`uses(ofPolicy:)`).
    var isPolicy = false
  }

  func declared(_ params: JSON) throws(ResponseError) -> Declared? {
    let document = try document(params)
    let offset = document.lines.offset(of: try position(params))
    if var policy = declaredPolicy(document, offset: offset) {
      policy.isPolicy = true
      return policy
    }
    guard let analysis = analysis(document.uri) else { return nil }
    let tokens = DocumentTokens(Source(text: document.text, file: analysis.file))
    guard let index = tokens.index(at: offset), let name = tokens.tokens[index].identifier
    else { return nil }
    switch tokens.role(at: index, analysis) {
    case .definition:
      return analysis.definition(name).map {
        Declared(name: name, range: $0.0.nameRange, source: $0.1)
      }
    case .calendar:
      return analysis.calendar(name).map {
        Declared(name: name, range: $0.0.nameRange, source: $0.1)
      }
    default:
      return nil
    }
  }

  func definition(_ params: JSON) throws(ResponseError) -> JSON {
    guard let declared = try declared(params) else { return .null }
    return location(declared.source, declared.range)
  }

  func location(_ source: Source, _ range: SourceRange) -> JSON {
    [
      "uri": .string(uriFor(source.file)),
      "range": LineIndex(source.bytes).range(range.start, range.end).json,
    ]
  }

  func references(_ params: JSON) throws(ResponseError) -> JSON {
    guard let declared = try declared(params) else { return .null }
    let withDeclaration = params["context"]?["includeDeclaration"]?.bool ?? true
    var found: [JSON] = []
    for (source, ranges) in declared.isPolicy ? uses(ofPolicy: declared) : uses(of: declared) {
      for range in ranges
      where withDeclaration || range != declared.range
        || PolicyLoader.key(source.file) != PolicyLoader.key(declared.source.file)
      {
        found.append(location(source, range))
      }
    }
    return .array(found)
  }

  func rename(_ params: JSON) throws(ResponseError) -> JSON {
    guard let newName = params["newName"]?.string else {
      throw .invalidParams("newName must be a string")
    }
    guard Self.isName(newName) else {
      throw .requestFailed(
        "'\(newName)' cannot name a definition, calendar or policy: use letters, digits and _, starting"
          + " with a letter or _, and no reserved word")
    }
    guard let declared = try declared(params) else {
      throw .requestFailed("only a definition, a calendar or a policy can be renamed here")
    }
    if declared.isPolicy, let place = policyPlace(newName, besides: declared) {
      throw .requestFailed(
        "a policy named '\(newName)' already exists (\(place)): choose another name")
    }
    var changes: [JSON.Member] = []
    for (source, ranges) in declared.isPolicy ? uses(ofPolicy: declared) : uses(of: declared) {
      let lines = LineIndex(source.bytes)
      let edits: [JSON] = ranges.map {
        // A test file may name the policy in quotes: `expect "slow":`.
        let quoted = source.bytes[$0.start] == UInt8(ascii: "\"")
        return [
          "range": lines.range($0.start, $0.end).json,
          "newText": .string(quoted ? "\"\(newName)\"" : newName),
        ]
      }
      changes.append(JSON.Member(uriFor(source.file), .array(edits)))
    }
    return ["changes": .object(changes)]
  }

  static func isName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first,
      first == "_" || (first.isASCII && first.properties.isAlphabetic)
    else { return false }
    return name.unicodeScalars.allSatisfy {
      $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
    }
      && !Parser.reservedWords.contains(name)
  }

  /// Every file of the workspace (and every open document) that reads the declaring file,
  /// with the places it names `declared`; files in path order.
  func uses(of declared: Declared) -> [(Source, [SourceRange])] {
    let target = PolicyLoader.key(declared.source.file)
    var texts: [String: Source] = [:]
    if let folder = workspaceFolder {
      for path in PolicyLoader.policyFiles(in: folder) {
        let key = PolicyLoader.key(path)
        if let data = FileManager.default.contents(atPath: key) {
          texts[key] = Source(text: String(decoding: data, as: UTF8.self), file: key)
        }
      }
    }
    for document in documents.values {
      guard let path = document.path else { continue }
      let key = PolicyLoader.key(path)
      texts[key] = Source(text: document.text, file: key)
    }
    if texts[target] == nil { texts[target] = declared.source }
    var includes: [String: [String]] = [:]
    for (key, source) in texts {
      let (file, _) = Parser.parse(source)
      includes[key] = file.items.compactMap { item in
        guard case .include(let include) = item else { return nil }
        return PolicyLoader.key(PolicyLoader.path(include.path, relativeTo: key))
      }
    }
    func reads(_ key: String, _ seen: inout Set<String>) -> Bool {
      if key == target { return true }
      guard seen.insert(key).inserted else { return false }
      return (includes[key] ?? []).contains { reads($0, &seen) }
    }
    var result: [(Source, [SourceRange])] = []
    for key in texts.keys.sorted() {
      var seen: Set<String> = []
      guard reads(key, &seen), let source = texts[key] else { continue }
      let ranges = DocumentTokens(source).references(to: declared.name)
      if !ranges.isEmpty { result.append((source, ranges)) }
    }
    return result
  }
}
