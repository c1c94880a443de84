import Foundation
import Vigil
import VigilRecords
import VigilSyntax

/// `textDocument/codeLens`: over each policy, how many violations it finds in the sample data
/// (`"3 violations in sample.csv"`), audited as of now with `id` as the record's id; beside it,
/// for a policy that found one, `explain record ID` (the first record it found a violation
/// for), whose command `vigil.explain` runs `vigil explain` (see `executeCommand`).
extension LanguageServer {
  /// What the audit of the sample found for one policy.
  struct LensCount {
    var violations = 0
    var atRisk = 0
    /// The id of the first record the policy found a violation (or a record at risk) for.
    var firstRecord: String?
  }

  /// The command of the "explain" lens.
  static let explainCommand = "vigil.explain"

  func codeLenses(_ params: JSON) throws(ResponseError) -> JSON {
    let document = try document(params)
    guard let sample = settings.sample, let analysis = analysis(document.uri),
      let policies = analysis.policies, let file = analysis.document
    else { return [] }
    let counts: [String: LensCount]
    if let known = lensCounts[document.uri] {
      counts = known
    } else {
      counts = audit(policies, sample: sample)
      lensCounts[document.uri] = counts
    }
    let name = (sample as NSString).lastPathComponent
    var lenses: [JSON] = []
    for case .policy(let policy) in file.items {
      let key =
        policy.name
        ?? "\(file.source.file):\(file.source.location(of: (policy.rule?.range ?? policy.range).start).line)"
      let count = counts[key] ?? LensCount()
      var title = "\(count.violations) violation\(count.violations == 1 ? "" : "s") in \(name)"
      if count.atRisk > 0 { title += ", \(count.atRisk) at risk" }
      let start = document.lines.position(of: policy.range.start)
      let range = LSPRange(start, start).json
      lenses.append(["range": range, "command": ["title": .string(title), "command": ""]])
      if let record = count.firstRecord {
        lenses.append([
          "range": range,
          "command": [
            "title": .string("explain record \(record)"), "command": .string(Self.explainCommand),
            "arguments": [.string(document.uri), .string(key), .string(record)],
          ],
        ])
      }
    }
    return .array(lenses)
  }

  /// The violations and records at risk of each policy (by name) in the sample.
  func audit(_ policies: PolicySet, sample: String) -> [String: LensCount] {
    let input: ByteInput
    do {
      input = try ByteInput(path: sample)
    } catch {
      log("vigil lsp: cannot read the sample \(sample): \(error.message)")
      return [:]
    }
    let counts = Counts()
    _ = policies.audit(
      input: input, format: Self.format(of: sample), name: sample, now: wallClock(),
      idField: FieldPath("id"),
      handler: AuditHandler(
        violation: { violation in
          var count = counts.byPolicy[violation.policy] ?? LensCount()
          if violation.atRisk == nil { count.violations += 1 } else { count.atRisk += 1 }
          if count.firstRecord == nil { count.firstRecord = violation.record }
          counts.byPolicy[violation.policy] = count
        }, rejection: { _ in true }, dataError: { _ in }))
    return counts.byPolicy
  }

  /// The format of a data file, by its name: CSV or JSON Lines.
  static func format(of path: String) -> InputFormat {
    path.lowercased().hasSuffix(".csv") ? .csv : .jsonl
  }

  final class Counts {
    var byPolicy: [String: LensCount] = [:]
  }

  /// `workspace/executeCommand` of `vigil.explain` with arguments `[URI, POLICY, RECORD]`:
  /// `vigil explain`'s text for that record of the sample and that policy of the open
  /// document, as the result and as a `window/showMessage` (information) for clients that
  /// show no result.
  func executeCommand(_ params: JSON) throws(ResponseError) -> JSON {
    guard let command = params["command"]?.string else {
      throw .invalidParams("executeCommand needs a \"command\"")
    }
    guard command == Self.explainCommand else {
      throw .invalidParams("unknown command '\(command)': the server runs '\(Self.explainCommand)'")
    }
    let arguments = params["arguments"]?.array?.compactMap(\.string) ?? []
    guard arguments.count == 3 else {
      throw .invalidParams(
        "\(Self.explainCommand) takes three strings: the document's URI, the policy and the record's id"
      )
    }
    let text = try explain(uri: arguments[0], policy: arguments[1], record: arguments[2])
    notification("window/showMessage", ["type": 3, "message": .string(text)])
    return .string(text)
  }

  /// `vigil explain`'s text for record `record` of the sample and policy `policy` of `uri`.
  func explain(uri: String, policy: String, record: String) throws(ResponseError) -> String {
    guard let document = documents[uri] else {
      throw .invalidParams("no open document \(uri): send textDocument/didOpen first")
    }
    guard let sample = settings.sample else {
      throw .invalidParams("no sample data: name one in the settings (\"sample\")")
    }
    guard let policies = Analysis.tracing(document, overlays: overlays(except: uri)) else {
      throw .invalidParams("\(shown(document.path ?? uri)) has errors: nothing was explained")
    }
    let input: ByteInput
    do {
      input = try ByteInput(path: sample)
    } catch {
      throw .invalidParams("cannot read the sample \(sample): \(error.message)")
    }
    guard
      let explanation = policies.explain(
        record: record, input: input, format: Self.format(of: sample), name: shown(sample),
        now: wallClock(), idField: FieldPath("id"), policies: [policy])
    else {
      throw .invalidParams("no record in \(shown(sample)) has the id '\(record)' (field id)")
    }
    return ExplanationWriter(format: .text).write(explanation)
  }
}
