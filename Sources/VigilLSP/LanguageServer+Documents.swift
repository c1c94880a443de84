import Foundation
import VigilCore
import VigilSyntax

/// Document sync and the diagnostics published for open documents (and for the closed files
/// that include them: `LanguageServer+ClosedFiles`).
extension LanguageServer {
  func didOpen(_ params: JSON) throws(ResponseError) {
    guard let item = params["textDocument"], let uri = item["uri"]?.string,
      let text = item["text"]?.string
    else { throw .invalidParams("textDocument needs a uri and a text") }
    documents[uri] = TextDocument(uri: uri, version: item["version"]?.integer ?? 0, text: text)
    closedWithDiagnostics.remove(uri)
    changed(uri)
  }

  func didChange(_ params: JSON) throws(ResponseError) {
    var document = try document(params)
    guard let changes = params["contentChanges"]?.array else {
      throw .invalidParams("contentChanges must be an array")
    }
    for change in changes {
      guard let text = change["text"]?.string else {
        throw .invalidParams("each content change needs a text")
      }
      var range: LSPRange?
      if let given = change["range"] {
        guard let parsed = LSPRange(given) else {
          throw .invalidParams("a content change's range must be {start, end}, start first")
        }
        range = parsed
      }
      document.apply(range, text)
    }
    if let version = params["textDocument"]?["version"]?.integer { document.version = version }
    documents[document.uri] = document
    changed(document.uri, closedToo: true)
  }

  func didClose(_ params: JSON) throws(ResponseError) {
    let document = try document(params)
    documents[document.uri] = nil
    pendingDiagnostics[document.uri] = nil
    filesRead[document.uri] = nil
    analyses = [:]
    lensCounts = [:]
    // A closed document shows no diagnostics; those that include it read its file again.
    notification(
      "textDocument/publishDiagnostics", ["uri": .string(document.uri), "diagnostics": []])
    for uri in documents.keys { pendingDiagnostics[uri] = clock() }
    // The closed files that include it read its file again.
    if let key = document.path.map(PolicyLoader.key) {
      for uri in closedIncluders(of: key) { pendingDiagnostics[uri] = clock() }
    }
  }

  /// A saved document: it and the open test files are checked again (a test file runs once
  /// the editor's text is what is on disk; the policies it tests are read from disk).
  func didSave(_ params: JSON) throws(ResponseError) {
    let document = try document(params)
    includeGraph = nil
    changed(document.uri)
    for (uri, open) in documents where open.path?.hasSuffix(".vigiltest") == true {
      pendingDiagnostics[uri] = clock() + diagnosticsDelay
    }
  }

  /// Files changed on disk (an include, a holidays file): every document is checked again.
  func didChangeWatchedFiles(_ params: JSON) throws(ResponseError) {
    analyses = [:]
    lensCounts = [:]
    sampleFields = nil
    includeGraph = nil
    for uri in documents.keys { pendingDiagnostics[uri] = clock() + diagnosticsDelay }
  }

  /// After a change of `uri`: its diagnostics are due after the delay, and so are those of
  /// the open documents that include it and, with `closedToo` (an edit), of the closed files
  /// of the workspace that do.
  func changed(_ uri: String, closedToo: Bool = false) {
    let key = documents[uri]?.path.map(PolicyLoader.key)
    let includers = filesRead.filter { $0.key != uri && key.map($0.value.contains) == true }
    analyses = [:]
    lensCounts = [:]
    let due = clock() + diagnosticsDelay
    pendingDiagnostics[uri] = due
    for (other, _) in includers { pendingDiagnostics[other] = due }
    if closedToo, let key, key.hasSuffix(".vigil") {
      for closed in closedIncluders(of: key) { pendingDiagnostics[closed] = due }
    }
  }

  /// When the next diagnostics are due (nanoseconds of `clock`), if any are.
  package var nextDeadline: UInt64? { pendingDiagnostics.values.min() }

  /// Publishes the diagnostics due by `now` (all of them when nil).
  package func publishDueDiagnostics(now: UInt64? = nil) {
    let due = pendingDiagnostics.filter { $0.value <= now ?? .max }.keys.sorted()
    for uri in due {
      pendingDiagnostics[uri] = nil
      publishDiagnostics(uri)
    }
  }

  /// The analysis of the open document `uri`, made once per change of any document.
  func analysis(_ uri: String) -> Analysis? {
    if let known = analyses[uri] { return known }
    guard let document = documents[uri] else { return nil }
    let made = Analysis(document, overlays: overlays(except: uri))
    analyses[uri] = made
    filesRead[uri] = made.loaded
    return made
  }

  /// The open documents other than `uri`, by `PolicyLoader.key`: what the loader reads instead
  /// of their files.
  func overlays(except uri: String) -> [String: [UInt8]] {
    var overlays: [String: [UInt8]] = [:]
    for open in documents.values where open.uri != uri {
      if let path = open.path { overlays[PolicyLoader.key(path)] = open.bytes }
    }
    return overlays
  }

  func publishDiagnostics(_ uri: String) {
    guard let document = documents[uri] else { return publishClosedDiagnostics(uri) }
    guard let analysis = analysis(uri) else { return }
    var diagnostics = analysis.ownDiagnostics.map {
      DiagnosticJSON.diagnostic($0, document.lines, analysis: analysis, uri: uriFor)
    }
    for failure in analysis.testFailures {
      let line = failure.line - 1
      let start = line < document.lines.lineStarts.count ? document.lines.lineStarts[line] : 0
      diagnostics.append([
        "range": document.lines.range(
          start, document.lines.lineEnd(min(line, document.lines.lineStarts.count - 1))
        ).json,
        "severity": 1, "code": "test-failed", "source": "vigil",
        "message": .string(failure.message),
      ])
    }
    notification(
      "textDocument/publishDiagnostics",
      ["uri": .string(uri), "version": JSON(document.version), "diagnostics": .array(diagnostics)])
  }

  /// The URI of a file: the open document's own, else its `file://` URI.
  func uriFor(_ file: String) -> String {
    let key = PolicyLoader.key(file)
    if let open = documents.values.first(where: { $0.path.map(PolicyLoader.key) == key }) {
      return open.uri
    }
    return DocumentURI.uri(of: key)
  }

  /// A file's path as messages show it: relative to the workspace folder when inside it.
  func shown(_ file: String) -> String {
    let key = PolicyLoader.key(file)
    guard let folder = workspaceFolder.map(PolicyLoader.key), key.hasPrefix(folder + "/") else {
      return key
    }
    return String(key.dropFirst(folder.count + 1))
  }
}
