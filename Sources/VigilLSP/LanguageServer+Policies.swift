import Foundation
import VigilSyntax

/// References and rename of a policy: its `policy NAME:` and every `expect NAME` of the test
/// files of the workspace (and the open ones) that test a file reading its declaration.
extension LanguageServer {
  /// The policy named under the cursor at `offset` of `document`: `policy NAME:` in a policy
  /// file, `expect NAME` in a test file; its declaration.
  func declaredPolicy(_ document: TextDocument, offset: Int) -> Declared? {
    guard document.path?.hasSuffix(".vigiltest") == true else {
      guard let analysis = analysis(document.uri) else { return nil }
      let tokens = DocumentTokens(Source(text: document.text, file: analysis.file))
      guard let index = tokens.index(at: offset), let name = tokens.tokens[index].identifier,
        tokens.role(at: index, analysis) == .policy
      else { return nil }
      return Declared(name: name, range: tokens.tokens[index].range, source: tokens.source)
    }
    let source = Source(text: document.text, file: document.path ?? "untitled.vigiltest")
    let (file, _) = Parser.parseTests(source)
    for test in file.tests {
      for expectation in test.expectations
      where expectation.policyRange.start <= offset && offset <= expectation.policyRange.end {
        return policyDeclaration(expectation.policy, testedBy: file)
      }
    }
    return nil
  }

  /// The files `file` tests (its `policies`, else the `.vigil` file of its name), with their
  /// includes, read from the editor where it has them open.
  func testedFiles(_ file: PolicyTestFile) -> [PolicyFile] {
    let path = file.source.file
    let folder = (path as NSString).deletingLastPathComponent
    let named =
      file.policies.isEmpty
      ? [(path as NSString).deletingPathExtension + ".vigil"]
      : file.policies.map {
        $0.path.hasPrefix("/") ? $0.path : (folder as NSString).appendingPathComponent($0.path)
      }
    var loader = PolicyLoader()
    loader.overlays = overlays(except: "")
    do {
      try loader.load(paths: named)
    } catch {
      return []
    }
    return loader.files
  }

  /// The declaration of the policy `name` among the files `file` tests.
  func policyDeclaration(_ name: String, testedBy file: PolicyTestFile) -> Declared? {
    for policyFile in testedFiles(file) {
      for case .policy(let policy) in policyFile.items where policy.name == name {
        return Declared(name: name, range: policy.nameRange, source: policyFile.source)
      }
    }
    return nil
  }

  /// Where a policy named `name` is declared in the file declaring `declared` or the files it
  /// includes (read from the editor where it has them open): `FILE:LINE`.
  func policyPlace(_ name: String, besides declared: Declared) -> String? {
    var loader = PolicyLoader()
    loader.overlays = overlays(except: "")
    do {
      try loader.load(paths: [declared.source.file])
    } catch {
      return nil
    }
    for file in loader.files {
      for case .policy(let policy) in file.items where policy.name == name {
        return "\(shown(file.source.file)):\(file.source.location(of: policy.nameRange.start).line)"
      }
    }
    return nil
  }

  /// The policy's declaration, then its `expect`s in test files, files in path order.
  func uses(ofPolicy declared: Declared) -> [(Source, [SourceRange])] {
    let target = PolicyLoader.key(declared.source.file)
    var texts: [String: Source] = [:]
    if let folder = workspaceFolder {
      for relative in (FileManager.default.subpaths(atPath: folder) ?? [])
      where relative.hasSuffix(".vigiltest") {
        let key = PolicyLoader.key((folder as NSString).appendingPathComponent(relative))
        if let data = FileManager.default.contents(atPath: key) {
          texts[key] = Source(text: String(decoding: data, as: UTF8.self), file: key)
        }
      }
    }
    for document in documents.values {
      guard let path = document.path, path.hasSuffix(".vigiltest") else { continue }
      let key = PolicyLoader.key(path)
      texts[key] = Source(text: document.text, file: key)
    }
    var result: [(Source, [SourceRange])] = [(declared.source, [declared.range])]
    for key in texts.keys.sorted() {
      guard let source = texts[key] else { continue }
      let (file, _) = Parser.parseTests(source)
      let ranges = file.tests.flatMap(\.expectations).filter { $0.policy == declared.name }.map(
        \.policyRange)
      guard !ranges.isEmpty,
        testedFiles(file).contains(where: { PolicyLoader.key($0.source.file) == target })
      else { continue }
      result.append((source, ranges))
    }
    return result
  }
}
