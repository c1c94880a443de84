import Foundation

/// Reads policy files from disk: expands folders into their `.vigil` files, parses each, and
/// follows `include "file"` (relative to the including file), loading each file once.
///
/// Each file is named by its path normalised (`PolicyPath`): a file given as `./rules/a.vigil`
/// is `rules/a.vigil`; a file found in a folder given as `rules/`, `./rules` or `rules` is the
/// folder's normalised path, a slash, and its path inside the folder (`rules/a.vigil`); an
/// included file is its includer's folder joined with the path written, normalised.
struct PolicyLoader {
  /// The files loaded, includes before the files that include them.
  private(set) var files: [PolicyFile] = []
  /// Parse errors, missing files, include cycles.
  private(set) var diagnostics: [Diagnostic] = []
  private var loaded: Set<String> = []
  private var including: [String] = []

  /// Loads every file named by `paths` (files or folders).
  mutating func load(paths: [String]) throws(LoadError) {
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw LoadError(message: "no such file or folder: \(path)")
      }
      if isDirectory.boolValue {
        let found = Self.policyFiles(in: path)
        if found.isEmpty { throw LoadError(message: "no .vigil files in \(path)") }
        for file in found { loadFile(file, from: nil) }
      } else {
        loadFile(PolicyPath.normalized(path), from: nil)
      }
    }
  }

  /// Adds a file given as text (its includes are read from disk, relative to `file`).
  mutating func load(text: String, file: String) {
    let file = PolicyPath.normalized(file)
    loaded.insert(Self.key(file))
    parse(Source(text: text, file: file))
  }

  /// The `.vigil` files under `folder`, sorted, recursively, each named by the folder's
  /// normalised path and its own path inside it.
  static func policyFiles(in folder: String) -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
    var found: [String] = []
    while let relative = walker.nextObject() as? String {
      if relative.hasSuffix(".vigil") { found.append(relative) }
    }
    return found.sorted().map { PolicyPath.normalized($0, in: folder) }
  }

  private static func key(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
  }

  private mutating func loadFile(_ path: String, from include: (Include, Source)?) {
    let key = Self.key(path)
    if including.contains(key) {
      if let (statement, source) = include {
        let cycle = (including.drop { $0 != key } + [key]).map {
          URL(fileURLWithPath: $0).lastPathComponent
        }
        diagnostics.append(
          Diagnostic(
            .error, .includeCycle, "files include each other: \(cycle.joined(separator: " → "))",
            source: source, range: statement.range, help: "remove one of the includes"))
      }
      return
    }
    guard !loaded.contains(key) else { return }
    loaded.insert(key)
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else {
      if let (statement, source) = include {
        diagnostics.append(
          Diagnostic(
            .error, .includeNotFound, "cannot read included file '\(statement.path)'",
            source: source, range: statement.range,
            help: "the path is relative to \(source.file); looked for \(path)"))
      } else {
        diagnostics.append(
          Diagnostic(
            .error, .includeNotFound, "cannot read \(path) (missing or not UTF-8)",
            source: Source(text: "", file: path), range: SourceRange(0, 0)))
      }
      return
    }
    parse(Source(text: text, file: path))
  }

  private mutating func parse(_ source: Source) {
    let (file, parseDiagnostics) = Parser.parse(source)
    diagnostics += parseDiagnostics
    including.append(Self.key(source.file))
    defer { including.removeLast() }
    for case .include(let statement) in file.items {
      let directory = (source.file as NSString).deletingLastPathComponent
      let path = PolicyPath.normalized(statement.path, in: directory.isEmpty ? "." : directory)
      loadFile(path, from: (statement, source))
    }
    files.append(file)
  }
}

/// A policy path that could not be read at all (before any file was parsed).
public struct LoadError: Error, Sendable, CustomStringConvertible {
  /// What went wrong.
  public var message: String
  public var description: String { message }
}
