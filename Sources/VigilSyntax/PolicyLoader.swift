import Foundation

/// Reads policy files from disk: expands folders into their `.vigil` files, parses each, and
/// follows `include "file"` (relative to the including file), loading each file once.
///
/// Includes and holidays files are read only inside a root folder (`IncludeRoot`): the one
/// given, or else the folder of each path given (a file's folder; a folder itself) for the
/// files loaded from it. A path that leaves its root is an error, and the file is not opened.
///
/// Each file is named by its path normalised (`PolicyPath`): a file given as `./rules/a.vigil`
/// is `rules/a.vigil`; a file found in a folder given as `rules/`, `./rules` or `rules` is the
/// folder's normalised path, a slash, and its path inside the folder (`rules/a.vigil`); an
/// included file is its includer's folder joined with the path written, normalised.
package struct PolicyLoader {
  /// The files loaded, includes before the files that include them.
  package private(set) var files: [PolicyFile] = []
  /// Parse errors, missing files, include cycles, paths outside the root.
  package var diagnostics: [Diagnostic] = []
  /// Every file read, policy and holidays files, each once, in the order read.
  package var sources: [PolicySource] = []
  /// The holidays files the calendars name, by policy file and path as written: their text,
  /// or why there is none (the checker reads the dates).
  package var holidays: [HolidaysKey: HolidaysText] = [:]
  private var loaded: Set<String> = []
  private var including: [String] = []

  /// Loads every file named by `paths` (files or folders). With a `root`, every file read
  /// must be inside it, the files given too; without, each path's own folder is the root of
  /// the files loaded from it.
  package mutating func load(paths: [String], root: String? = nil) throws(LoadError) {
    let shared = try root.map { (folder) throws(LoadError) in try Self.root(folder) }
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw LoadError(message: "no such file or folder: \(path)")
      }
      let folder = isDirectory.boolValue ? path : (path as NSString).deletingLastPathComponent
      let root = shared ?? IncludeRoot(folder.isEmpty ? "." : folder)
      if shared != nil && !root.holds(path) {
        throw LoadError(
          code: .includeOutsideRoot,
          message: "\(PolicyPath.normalized(path)) is outside the root folder \(root.shown)"
            + " (--root): give a root that holds every policy file")
      }
      if isDirectory.boolValue {
        let found = Self.policyFiles(in: path)
        if found.isEmpty { throw LoadError(message: "no .vigil files in \(path)") }
        for file in found { loadFound(file, root: root) }
      } else {
        loadFile(PolicyPath.normalized(path), from: nil, root: root)
      }
    }
  }

  /// Adds a file given as text. Its includes are read relative to `file`, inside `root`;
  /// with no root, each include is an error.
  package mutating func load(text: String, file: String, root: IncludeRoot?) {
    let file = PolicyPath.normalized(file)
    loaded.insert(Self.key(file))
    sources.append(PolicySource(path: file, kind: .policy, bytes: Array(text.utf8)))
    parse(Source(text: text, file: file), root: root)
  }

  /// The root folder `folder`, which must exist.
  package static func root(_ folder: String) throws(LoadError) -> IncludeRoot {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory),
      isDirectory.boolValue
    else { throw LoadError(message: "the root is no folder: \(folder)") }
    return IncludeRoot(folder)
  }

  /// The `.vigil` files under `folder`, sorted, recursively, each named by the folder's
  /// normalised path and its own path inside it.
  package static func policyFiles(in folder: String) -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
    var found: [String] = []
    while let relative = walker.nextObject() as? String {
      if relative.hasSuffix(".vigil") { found.append(relative) }
    }
    return found.sorted().map { PolicyPath.normalized($0, in: folder) }
  }

  package static func key(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
  }

  /// A file found in a folder given: read only if it is inside the root (a symbolic link in
  /// the folder may point anywhere).
  private mutating func loadFound(_ path: String, root: IncludeRoot) {
    guard let real = IncludeRoot.realPath(path), let inside = root.real,
      !IncludeRoot.contains(inside, real)
    else { return loadFile(path, at: IncludeRoot.realPath(path), from: nil, root: root) }
    diagnostics.append(
      Diagnostic(
        .error, .includeOutsideRoot,
        "\(path) is a symbolic link to \(real), outside the root folder \(root.shown)",
        source: Source(text: "", file: path), range: SourceRange(0, 0),
        help: "put the file itself in the folder, or give a root folder that holds the link's"
          + " target with --root DIR"))
  }

  /// Loads the file named `path`, read at `location` (its path with links resolved, so that
  /// the file checked to be inside the root is the one read) or else at `path`.
  private mutating func loadFile(
    _ path: String, at location: String? = nil, from include: (Include, Source)?,
    root: IncludeRoot?
  ) {
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
    guard let data = FileManager.default.contents(atPath: location ?? path),
      let text = String(data: data, encoding: .utf8)
    else {
      if let (statement, source) = include {
        notFound(statement, of: source, at: path)
      } else {
        diagnostics.append(
          Diagnostic(
            .error, .includeNotFound, "cannot read \(path) (missing or not UTF-8)",
            source: Source(text: "", file: path), range: SourceRange(0, 0)))
      }
      return
    }
    sources.append(PolicySource(path: path, kind: .policy, bytes: [UInt8](data)))
    parse(Source(text: text, file: path), root: root)
  }

  /// Follows `statement` of `source`: loads the file it names if that is inside `root`.
  private mutating func follow(_ statement: Include, of source: Source, root: IncludeRoot?) {
    let path = Self.path(statement.path, relativeTo: source.file)
    guard let root else {
      return refuse(
        "includes are not read here: the policies were given as text, with no root folder",
        source, statement.range,
        help: "give the policy set a root folder to read includes from"
          + " (PolicySet(source:file:includes: .root(\"folder\"))), or put the included text in it")
    }
    switch root.resolve(statement.path, from: source.file) {
    case .outside(let escape):
      refuse(
        Self.outsideMessage("included file", statement.path, escape, root), source,
        statement.range, help: Self.outsideHelp(root, escape))
    case .missing:
      notFound(statement, of: source, at: path)
    case .inside(let location):
      loadFile(path, at: location, from: (statement, source), root: root)
    }
  }

  private mutating func notFound(_ statement: Include, of source: Source, at path: String) {
    diagnostics.append(
      Diagnostic(
        .error, .includeNotFound, "cannot read included file '\(statement.path)'",
        source: source, range: statement.range,
        help: "the path is relative to \(source.file); looked for \(path)"))
  }

  /// Reports a path that may not be read.
  package mutating func refuse(
    _ message: String, _ source: Source, _ range: SourceRange, help: String
  ) {
    diagnostics.append(
      Diagnostic(.error, .includeOutsideRoot, message, source: source, range: range, help: help))
  }

  /// What is wrong with `written`, a `what` leaving `root`.
  package static func outsideMessage(
    _ what: String, _ written: String, _ escape: IncludeRoot.Escape, _ root: IncludeRoot
  ) -> String {
    switch escape {
    case .absolute:
      return "the \(what) '\(written)' is an absolute path; files are read only inside the"
        + " root folder \(root.shown)"
    case .leaves:
      return "the \(what) '\(written)' is outside the root folder \(root.shown)"
    case .link(let target):
      return "the \(what) '\(written)' is a symbolic link to \(target), outside the root"
        + " folder \(root.shown)"
    }
  }

  /// How to read a file outside `root`, named as `escape` says.
  package static func outsideHelp(_ root: IncludeRoot, _ escape: IncludeRoot.Escape) -> String {
    if escape == .absolute {
      return "write the path relative to this file (an absolute path is never read), to a"
        + " file inside \(root.shown)"
    }
    return "write a path relative to this file that stays inside \(root.shown): move the file"
      + " inside it, or give a root folder that holds it with --root DIR"
  }

  /// `path` as written in `file` (an include, a holidays file): relative to its folder,
  /// normalised as every policy file's name is (`PolicyPath`).
  package static func path(_ path: String, relativeTo file: String) -> String {
    let directory = (file as NSString).deletingLastPathComponent
    return PolicyPath.normalized(path, in: directory.isEmpty ? "." : directory)
  }

  private mutating func parse(_ source: Source, root: IncludeRoot?) {
    let (file, parseDiagnostics) = Parser.parse(source)
    diagnostics += parseDiagnostics
    including.append(Self.key(source.file))
    defer { including.removeLast() }
    for case .include(let statement) in file.items {
      follow(statement, of: source, root: root)
    }
    readHolidays(of: file, root: root)
    files.append(file)
  }

  /// Makes one from its parts.
  package init(
    files: [PolicyFile] = [], diagnostics: [Diagnostic] = [], sources: [PolicySource] = [],
    holidays: [HolidaysKey: HolidaysText] = [:]
  ) {
    self.files = files
    self.diagnostics = diagnostics
    self.sources = sources
    self.holidays = holidays
  }
}

/// A policy path that could not be read at all (before any file was parsed).
public struct LoadError: Error, Sendable, CustomStringConvertible {
  /// The diagnostic's code.
  public var code: DiagnosticCode = .includeNotFound
  /// What went wrong.
  public var message: String
  public var description: String { message }
}
