import Foundation

/// A document the editor has open: its text as the editor holds it (saved or not), which the
/// server reads instead of the file on disk.
package struct TextDocument: Sendable {
  /// The editor's name for it (`file:///…`).
  package let uri: String
  /// The file's absolute path (nil for a URI that is no file).
  package let path: String?
  /// The version the editor last sent.
  package var version: Int
  /// The text's lines, over its bytes.
  package private(set) var lines: LineIndex

  package init(uri: String, version: Int, text: String) {
    self.uri = uri
    self.path = DocumentURI.path(of: uri)
    self.version = version
    self.lines = LineIndex(Array(text.utf8))
  }

  /// The text's bytes.
  package var bytes: [UInt8] { lines.bytes }

  /// The text.
  package var text: String { String(decoding: lines.bytes, as: UTF8.self) }

  /// Applies one change of `textDocument/didChange`: `text` replaces `range`, or the whole
  /// text when there is no range.
  package mutating func apply(_ range: LSPRange?, _ text: String) {
    guard let range else {
      lines = LineIndex(Array(text.utf8))
      return
    }
    let start = lines.offset(of: range.start)
    let end = max(start, lines.offset(of: range.end))
    var bytes = lines.bytes
    bytes.replaceSubrange(start..<end, with: text.utf8)
    lines = LineIndex(bytes)
  }
}

/// `file://` URIs and the paths they name.
package enum DocumentURI {
  /// The path of a `file:` URI, percent-decoded; nil for another scheme.
  package static func path(of uri: String) -> String? {
    guard uri.hasPrefix("file://") else { return nil }
    var rest = uri.dropFirst("file://".count)
    // `file://host/path`: only an empty host or localhost is this machine.
    if !rest.hasPrefix("/") {
      guard rest.hasPrefix("localhost/") else { return nil }
      rest = rest.dropFirst("localhost".count)
    }
    return rest.removingPercentEncoding ?? String(rest)
  }

  /// The `file://` URI of an absolute path, percent-encoding what a URI cannot hold.
  package static func uri(of path: String) -> String {
    let allowed = CharacterSet(
      charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
    return "file://" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)
  }
}
