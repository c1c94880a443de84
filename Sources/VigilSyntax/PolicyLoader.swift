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
///
/// A policy set holds at most `maxBytes` (every file, include and holidays file, each counted
/// once): a file's size is looked up before it is opened, and one that would take the set
/// past the limit is `policy-too-large` and never read.
package struct PolicyLoader {
  /// The most bytes a policy set may hold, its files, includes and holidays files together:
  /// 16 MiB, hundreds of times the largest policy set written by hand.
  package static let defaultMaxBytes = 16 << 20

  /// The most bytes this policy set may hold (`defaultMaxBytes`; smaller in tests).
  package var maxBytes = PolicyLoader.defaultMaxBytes
  /// How the caller names the setting that gives a root folder, for messages that advise it
  /// (the command line's `--root`); nil: none is named. This stage knows no command line.
  package var rootOption: String?
  /// How the caller gives policies given as text a root folder (the embedding API's
  /// `includes:`); nil: none is named.
  package var textRootHint: String?
  /// The bytes read so far, every file counted once.
  package private(set) var bytesRead = 0
  /// The files loaded, includes before the files that include them.
  package private(set) var files: [PolicyFile] = []
  /// Parse errors, missing files, include cycles, paths outside the root.
  package var diagnostics: [Diagnostic] = []
  /// Every file read, policy and holidays files, each once, in the order read.
  package var sources: [PolicySource] = []
  /// The holidays files the calendars name, by policy file and path as written: their text,
  /// or why there is none (the checker reads the dates).
  package var holidays: [HolidaysKey: HolidaysText] = [:]
  /// The holidays files read, by absolute path: each is read, and counted, once.
  package var holidaysRead: [String: HolidaysText] = [:]
  private var loaded: Set<String> = []
  private var including: [String] = []
  /// Texts read instead of the files on disk, by absolute standardised path (`key`): the
  /// documents an editor holds unsaved (`vigil lsp`).
  package var overlays: [String: [UInt8]] = [:]

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
            + (rootOption.map { " (\($0))" } ?? "") + ": give a root that holds every policy file")
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
    let size = text.utf8.count
    guard size <= maxBytes - bytesRead else {
      return tooLarge(file, size: size, source: Source(text: "", file: file), SourceRange(0, 0))
    }
    bytesRead += size
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
          + " target" + (rootOption.map { " with \($0) DIR" } ?? "")))
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
    let read = readWithinLimit(location ?? path)
    if case .tooLarge(let size, let atLeast) = read {
      guard let (statement, source) = include else {
        return tooLarge(
          path, size: size, atLeast: atLeast, source: Source(text: "", file: path),
          SourceRange(0, 0))
      }
      return tooLarge(
        "the included file '\(statement.path)'", size: size, atLeast: atLeast, source: source,
        statement.range)
    }
    guard case .bytes(let data) = read, let text = String(data: data, encoding: .utf8) else {
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

  /// What `readWithinLimit` found.
  package enum SizedRead {
    /// The file's bytes, counted.
    case bytes(Data)
    /// The file cannot be read.
    case unreadable
    /// The set cannot hold the file: its size, or (`atLeast`) what was read of it before the
    /// reading stopped.
    case tooLarge(size: Int, atLeast: Bool)
  }

  /// The bytes of the file at `location`, when the policy set can hold them with what it
  /// holds already; they are counted. Its size is looked up first: a file too large is not
  /// opened. Reading stops one byte past what is left, should the file hold more than its
  /// size said (it grew, or it is a device).
  package mutating func readWithinLimit(_ location: String) -> SizedRead {
    let left = max(maxBytes - bytesRead, 0)
    if let overlay = overlays[Self.key(location)] {
      if overlay.count > left { return .tooLarge(size: overlay.count, atLeast: false) }
      bytesRead += overlay.count
      return .bytes(Data(overlay))
    }
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: location) else {
      return .unreadable
    }
    let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    if size > left { return .tooLarge(size: size, atLeast: false) }
    guard let handle = FileHandle(forReadingAtPath: location) else { return .unreadable }
    defer { try? handle.close() }
    let data: Data
    do {
      data = try handle.read(upToCount: left + 1) ?? Data()  // nil: at its end (empty)
    } catch {
      return .unreadable
    }
    if data.count > left { return .tooLarge(size: data.count, atLeast: true) }
    bytesRead += data.count
    return .bytes(data)
  }

  /// Reports `what` (a file, named as the message should), `size` bytes long, which the
  /// policy set cannot hold; it was not read.
  package mutating func tooLarge(
    _ what: String, size: Int, atLeast: Bool = false, source: Source, _ range: SourceRange
  ) {
    let length = atLeast ? "at least \(size)" : "\(size)"
    let limit = Self.bytesText(maxBytes)
    let message =
      bytesRead == 0
      ? "\(what) is \(length) bytes long, more than the \(limit) a policy set may hold"
      : "\(what) is \(length) bytes long: with the \(bytesRead) bytes read before it, the"
        + " policy set would hold \(atLeast ? "at least " : "")\(bytesRead + size) bytes, more"
        + " than the \(limit) it may hold"
    diagnostics.append(
      Diagnostic(
        .error, .policyTooLarge, message, source: source, range: range,
        help: "nothing of the file was read: a policy set (its files, their includes and"
          + " holidays files) may hold at most \(limit); split the policies into sets checked"
          + " and audited one at a time, or make the file smaller"))
  }

  /// `bytes` for a message: `16777216 bytes (16 MiB)`, or `100 bytes`.
  package static func bytesText(_ bytes: Int) -> String {
    let mebibyte = 1 << 20
    guard bytes >= mebibyte && bytes % mebibyte == 0 else { return "\(bytes) bytes" }
    return "\(bytes) bytes (\(bytes / mebibyte) MiB)"
  }

  /// Follows `statement` of `source`: loads the file it names if that is inside `root`.
  private mutating func follow(_ statement: Include, of source: Source, root: IncludeRoot?) {
    let path = Self.path(statement.path, relativeTo: source.file)
    guard let root else {
      return refuse(
        "includes are not read here: the policies were given as text, with no root folder",
        source, statement.range,
        help: "give the policy set a root folder to read includes from"
          + (textRootHint.map { " (\($0))" } ?? "") + ", or put the included text in it")
    }
    switch root.resolve(statement.path, from: source.file) {
    case .outside(let escape):
      refuse(
        Self.outsideMessage("included file", statement.path, escape, root), source,
        statement.range, help: Self.outsideHelp(root, escape, rootOption: rootOption))
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

  /// How to read a file outside `root`, named as `escape` says; `rootOption` is how the
  /// caller names the setting that gives a root, if it has one.
  package static func outsideHelp(
    _ root: IncludeRoot, _ escape: IncludeRoot.Escape, rootOption: String?
  ) -> String {
    if escape == .absolute {
      return "write the path relative to this file (an absolute path is never read), to a"
        + " file inside \(root.shown)"
    }
    return "write a path relative to this file that stays inside \(root.shown): move the file"
      + " inside it, or give a root folder that holds it"
      + (rootOption.map { " with \($0) DIR" } ?? "")
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

  /// A loader that has read nothing yet.
  package init() {}
}

/// A policy path that could not be read at all (before any file was parsed).
package struct LoadError: Error, Sendable, CustomStringConvertible {
  /// The diagnostic's code.
  package var code: DiagnosticCode = .includeNotFound
  /// What went wrong.
  package var message: String
  package var description: String { message }
}
