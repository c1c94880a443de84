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
  /// Every file read, policy and holidays files, each once, in the order read.
  private(set) var sources: [PolicySource] = []
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
    sources.append(PolicySource(path: file, kind: .policy, bytes: Array(text.utf8)))
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
    sources.append(PolicySource(path: path, kind: .policy, bytes: [UInt8](data)))
    parse(Source(text: text, file: path))
  }

  /// Adds the holidays files the calendars of `file` read to the sources (the checker reads
  /// them, and reports those it cannot read).
  private mutating func addHolidayFiles(of file: PolicyFile) {
    for case .calendar(let calendar) in file.items {
      for (path, _) in calendar.holidayFiles {
        let full = Self.path(path, relativeTo: file.source.file)
        let key = Self.key(full)
        guard !sources.contains(where: { $0.absolutePath == key }),
          let data = FileManager.default.contents(atPath: full)
        else { continue }
        sources.append(PolicySource(path: full, kind: .holidays, bytes: [UInt8](data)))
      }
    }
  }

  /// `path` as written in `file` (an include, a holidays file): relative to its folder,
  /// normalised as every policy file's name is (`PolicyPath`).
  static func path(_ path: String, relativeTo file: String) -> String {
    let directory = (file as NSString).deletingLastPathComponent
    return PolicyPath.normalized(path, in: directory.isEmpty ? "." : directory)
  }

  private mutating func parse(_ source: Source) {
    let (file, parseDiagnostics) = Parser.parse(source)
    diagnostics += parseDiagnostics
    including.append(Self.key(source.file))
    defer { including.removeLast() }
    for case .include(let statement) in file.items {
      loadFile(Self.path(statement.path, relativeTo: source.file), from: (statement, source))
    }
    addHolidayFiles(of: file)
    files.append(file)
  }
}

/// A policy path that could not be read at all (before any file was parsed).
public struct LoadError: Error, Sendable, CustomStringConvertible {
  /// What went wrong.
  public var message: String
  public var description: String { message }
}
