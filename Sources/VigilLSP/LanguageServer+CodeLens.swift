import Foundation
import Vigil
import VigilRecords
import VigilSyntax

/// `textDocument/codeLens`: over each policy, how many violations it finds in the sample data
/// (`"3 violations in sample.csv"`), audited as of now with `id` as the record's id.
extension LanguageServer {
  func codeLenses(_ params: JSON) throws(ResponseError) -> JSON {
    let document = try document(params)
    guard let sample = settings.sample, let analysis = analysis(document.uri),
      let policies = analysis.policies, let file = analysis.document
    else { return [] }
    let counts: [String: (violations: Int, atRisk: Int)]
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
      let (violations, atRisk) = counts[key] ?? (0, 0)
      var title = "\(violations) violation\(violations == 1 ? "" : "s") in \(name)"
      if atRisk > 0 { title += ", \(atRisk) at risk" }
      let start = document.lines.position(of: policy.range.start)
      lenses.append([
        "range": LSPRange(start, start).json,
        "command": ["title": .string(title), "command": ""],
      ])
    }
    return .array(lenses)
  }

  /// The violations and records at risk of each policy (by name) in the sample.
  func audit(_ policies: PolicySet, sample: String) -> [String: (violations: Int, atRisk: Int)] {
    let input: ByteInput
    do {
      input = try ByteInput(path: sample)
    } catch {
      log("vigil lsp: cannot read the sample \(sample): \(error.message)")
      return [:]
    }
    let format: InputFormat = sample.lowercased().hasSuffix(".csv") ? .csv : .jsonl
    let counts = Counts()
    _ = policies.audit(
      input: input, format: format, name: sample, now: wallClock(), idField: FieldPath("id"),
      handler: AuditHandler(
        violation: { violation in
          var count = counts.byPolicy[violation.policy] ?? (0, 0)
          if violation.atRisk == nil { count.violations += 1 } else { count.atRisk += 1 }
          counts.byPolicy[violation.policy] = count
        }, rejection: { _ in true }, dataError: { _ in }))
    return counts.byPolicy
  }

  final class Counts {
    var byPolicy: [String: (violations: Int, atRisk: Int)] = [:]
  }
}
