import Foundation
import Vigil
import VigilSemantics
import VigilSyntax

/// One open document checked as `vigil check FILE` checks it, with the documents the editor
/// holds read instead of their files: its includes parsed, every diagnostic, and the checker
/// (definitions, calendars, the fields' inferred types).
struct Analysis {
  /// The document's file name, as the loader and diagnostics name it.
  let file: String
  /// The files loaded, includes first.
  let files: [PolicyFile]
  /// Every diagnostic of the set, in every file.
  let diagnostics: [Diagnostic]
  /// The checker after its run.
  var checker: Checker
  /// The loaded files, by `PolicyLoader.key`.
  let loaded: Set<String>
  /// The set, when it has no error.
  let policies: PolicySet?
  /// For a saved `.vigiltest` file: its failed expectations.
  var testFailures: [TestFileRun.Failure] = []

  /// Checks `document`, reading `overlays` (the open documents, by `PolicyLoader.key`)
  /// instead of their files.
  init(_ document: TextDocument, overlays: [String: [UInt8]]) {
    if document.path?.hasSuffix(".vigiltest") == true {
      self.init(testFile: document)
    } else {
      self.init(policyFile: document, overlays: overlays)
    }
  }

  /// The loader of a policy document, with its includes read (`overlays` instead of files).
  static func loader(_ document: TextDocument, overlays: [String: [UInt8]]) -> PolicyLoader {
    var loader = PolicyLoader()
    loader.overlays = overlays
    let folder = document.path.map { ($0 as NSString).deletingLastPathComponent }
    loader.load(
      text: document.text, file: document.path ?? "untitled.vigil",
      root: folder.map { IncludeRoot($0) })
    return loader
  }

  /// The set of a policy document checked for `explain` (each condition's parts kept); nil
  /// when it has errors.
  static func tracing(_ document: TextDocument, overlays: [String: [UInt8]]) -> PolicySet? {
    let loader = loader(document, overlays: overlays)
    let (program, diagnostics, _) = PolicySet.analyze(loader, knownFields: nil, tracing: true)
    guard let program, !diagnostics.contains(where: { $0.severity == .error }) else { return nil }
    return PolicySet(analyzed: program, files: loader.files, sources: loader.sources)
  }

  private init(policyFile document: TextDocument, overlays: [String: [UInt8]]) {
    let loader = Self.loader(document, overlays: overlays)
    let file = document.path ?? "untitled.vigil"
    let (program, diagnostics, checker) = PolicySet.analyze(loader, knownFields: nil)
    self.policies =
      diagnostics.contains { $0.severity == .error }
      ? nil
      : program.map { PolicySet(analyzed: $0, files: loader.files, sources: loader.sources) }
    self.file = PolicyPath.normalized(file)
    self.files = loader.files
    self.diagnostics = diagnostics
    self.checker = checker
    self.loaded = Set(loader.sources.map { PolicyLoader.key($0.path) })
  }

  /// A `.vigiltest` file: its syntax errors, as `vigil test` reports them before it runs
  /// anything; once it is saved as the editor has it, without them, what running it finds.
  private init(testFile document: TextDocument) {
    let file = PolicyPath.normalized(document.path ?? "untitled.vigiltest")
    let (_, errors) = Parser.parseTests(Source(text: document.text, file: file))
    self.file = file
    self.files = []
    var diagnostics = errors.sorted { $0.range.start < $1.range.start }
    if errors.isEmpty, let path = document.path,
      FileManager.default.contents(atPath: path).map([UInt8].init) == document.bytes
    {
      let (found, failures) = TestFileRun.run(path: path)
      diagnostics += found
      testFailures = failures
    }
    self.diagnostics = diagnostics
    self.checker = Checker(files: [], knownFields: nil)
    self.loaded = []
    self.policies = nil
  }

  /// The parsed file of the document itself.
  var document: PolicyFile? { files.first { $0.source.file == file } }

  /// The diagnostics in the document itself.
  var ownDiagnostics: [Diagnostic] { diagnostics.filter { $0.source.file == file } }

  /// The calendar declared as `name`, with its file.
  func calendar(_ name: String) -> (CalendarDecl, Source)? {
    for file in files {
      for case .calendar(let calendar) in file.items where calendar.name == name {
        return (calendar, file.source)
      }
    }
    return nil
  }

  /// The definition named `name`, with its file.
  func definition(_ name: String) -> (Definition, Source)? {
    checker.definitions[name].map { ($0.definition, $0.source) }
  }

  /// The inferred type of definition `name`, as messages name types (`a duration`).
  mutating func type(ofDefinition name: String) -> String? {
    checker.reporting = false
    return checker.checkDefinitionBody(name).map { $0.1.article }
  }
}
