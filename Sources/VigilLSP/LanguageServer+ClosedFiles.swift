import Foundation
import VigilSyntax

/// Diagnostics for the workspace's closed policy files that include a changed document: a
/// definition renamed in an open include shows its errors in the closed files that use it.
extension LanguageServer {
  /// The `.vigil` files of the workspace folder on disk, each with the files it includes
  /// directly (by `PolicyLoader.key`); read once, again after a save or a change on disk.
  func workspaceIncludes() -> [String: [String]] {
    if let known = includeGraph { return known }
    var graph: [String: [String]] = [:]
    if let folder = workspaceFolder {
      for path in PolicyLoader.policyFiles(in: folder) {
        let key = PolicyLoader.key(path)
        guard let data = FileManager.default.contents(atPath: key) else { continue }
        let (file, _) = Parser.parse(Source(text: String(decoding: data, as: UTF8.self), file: key))
        graph[key] = file.items.compactMap { item in
          guard case .include(let include) = item else { return nil }
          return PolicyLoader.key(PolicyLoader.path(include.path, relativeTo: key))
        }
      }
    }
    includeGraph = graph
    return graph
  }

  /// The URIs of the closed files of the workspace that read the file `key` (through their
  /// includes), sorted.
  func closedIncluders(of key: String) -> [String] {
    let graph = workspaceIncludes()
    let open = Set(documents.values.compactMap { $0.path.map(PolicyLoader.key) })
    func reads(_ file: String, _ seen: inout Set<String>) -> Bool {
      guard seen.insert(file).inserted else { return false }
      return (graph[file] ?? []).contains { $0 == key || reads($0, &seen) }
    }
    return graph.keys.sorted().filter { file in
      var seen: Set<String> = []
      return file != key && !open.contains(file) && reads(file, &seen)
    }.map(DocumentURI.uri(of:))
  }

  /// Publishes the diagnostics of the closed file `uri`, read from disk with the open
  /// documents instead of their files; nothing when it has none and showed none before.
  func publishClosedDiagnostics(_ uri: String) {
    guard let path = DocumentURI.path(of: uri) else { return }
    var diagnostics: [JSON] = []
    if let data = FileManager.default.contents(atPath: path) {
      let document = TextDocument(
        uri: uri, version: 0, text: String(decoding: data, as: UTF8.self))
      let analysis = Analysis(document, overlays: overlays(except: uri))
      diagnostics = analysis.ownDiagnostics.map {
        DiagnosticJSON.diagnostic($0, document.lines, analysis: analysis, uri: uriFor)
      }
    }
    guard !diagnostics.isEmpty || closedWithDiagnostics.contains(uri) else { return }
    if diagnostics.isEmpty {
      closedWithDiagnostics.remove(uri)
    } else {
      closedWithDiagnostics.insert(uri)
    }
    notification(
      "textDocument/publishDiagnostics",
      ["uri": .string(uri), "diagnostics": .array(diagnostics)])
  }
}
