import VigilCore
import VigilReports

/// Writes an `Explanation` as text (concise, or every part with `verbose`) or as one JSON
/// object.
package struct ExplanationWriter: Sendable {
  /// `.text` or `.json`.
  package let format: ReportFormat
  /// Text: every part, definitions' bodies and literals included.
  package let verbose: Bool

  /// A writer for `format`.
  package init(format: ReportFormat, verbose: Bool = false) {
    self.format = format
    self.verbose = verbose
  }

  /// The whole explanation.
  package func write(_ explanation: Explanation) -> String {
    format == .json ? json(explanation) : text(explanation)
  }

  // MARK: - Text

  private func text(_ explanation: Explanation) -> String {
    let subject =
      explanation.caseName.map { "case \($0) (its first event: " }
      ?? "record \(explanation.record) ("
    var out =
      subject + "\(explanation.input):\(explanation.line)), as of "
      + TimeParsing.formatISO8601(explanation.now) + "\n"
    let lines = ViolationWriter(format: .text)
    for policy in explanation.policies {
      // A bare rule is named by its location.
      let name =
        policy.policy == policy.location ? policy.policy : "\(policy.policy) (\(policy.location))"
      out += "\n\(name): \(policy.verdict.rawValue)\n"
      if let violation = policy.violation {
        // The report's line without its location and policy, which the heading gives.
        let line = lines.text(violation)
        let shown = line.split(separator: " ", maxSplits: 2).last.map(String.init) ?? line
        out += "  \(shown)\n"
      }
      out += "  scope: \(policy.scope)" + (policy.standing.map { " (\($0))" } ?? "") + "\n"
      if let note = policy.note { out += "  \(note)\n" }
      for error in policy.errors { out += "  data error: \(error)\n" }
      for cycle in policy.cycles {
        out += "  \(cycle.name): \(cycle.span): \(cycle.verdict)"
        out +=
          (cycle.measured.map { " (\($0))" } ?? "") + (cycle.shown ? " (shown below)" : "") + "\n"
      }
      if let holders = policy.holders { out += holdersText(holders) }
      for pause in policy.pauses {
        out += "  " + (pause.cycle.map { $0.text + ": " } ?? "") + pause.description + "\n"
      }
      write(policy.condition, depth: 1, to: &out)
    }
    return out
  }

  /// A condition's tree alone, indented `depth` levels.
  package func condition(_ node: ExplanationNode, depth: Int) -> String {
    var out = ""
    write(node, depth: depth, to: &out)
    return out
  }

  private func write(_ node: ExplanationNode, depth: Int, to out: inout String) {
    out += String(repeating: "  ", count: depth) + node.text + ": " + node.value
    out += (node.measured.map { ": " + $0 } ?? "") + "\n"
    for child in shownChildren(of: node) {
      if node.definition != nil {
        // A definition's body, under its name.
        var body = child
        body.text = "= " + body.text
        write(body, depth: depth + 1, to: &out)
      } else {
        write(child, depth: depth + 1, to: &out)
      }
    }
  }

  /// Concise: conditions all the way down and the values compared, not literals nor
  /// definitions' bodies. Verbose: everything.
  private func shownChildren(of node: ExplanationNode) -> [ExplanationNode] {
    if verbose { return node.children }
    if node.definition != nil { return [] }
    return node.children.filter { !$0.isLiteral }
  }

  // MARK: - JSON

  private func json(_ explanation: Explanation) -> String {
    var out = "{\"record\":" + JSONText.quote(explanation.record)
    out += ",\"case\":" + (explanation.caseName.map(JSONText.quote) ?? "null")
    out += ",\"input\":" + JSONText.quote(explanation.input)
    out += ",\"line\":\(explanation.line)"
    out += ",\"now\":" + JSONText.quote(TimeParsing.formatISO8601(explanation.now))
    out += ",\"policies\":["
    out += explanation.policies.map(json).joined(separator: ",")
    return out + "]}\n"
  }

  private func json(_ policy: PolicyExplanation) -> String {
    var out = "{\"policy\":" + JSONText.quote(policy.policy)
    out += ",\"location\":" + JSONText.quote(policy.location)
    out += ",\"verdict\":" + JSONText.quote(policy.verdict.rawValue)
    out += ",\"violation\":"
    if let violation = policy.violation {
      var line = ViolationWriter(format: .json).line(violation)
      line.removeLast()  // its line break
      out += line
    } else {
      out += "null"
    }
    out += ",\"scope\":" + JSONText.quote(policy.scope)
    out += ",\"standing\":" + (policy.standing.map(JSONText.quote) ?? "null")
    out += ",\"note\":" + (policy.note.map(JSONText.quote) ?? "null")
    out += ",\"errors\":[" + policy.errors.map(JSONText.quote).joined(separator: ",") + "]"
    if !policy.cycles.isEmpty {
      out += ",\"cycles\":[" + policy.cycles.map(json).joined(separator: ",") + "]"
    }
    if let holders = policy.holders { out += ",\"holders\":" + holdersJSON(holders) }
    if !policy.pauses.isEmpty {
      out += ",\"pauses\":[" + policy.pauses.map(json).joined(separator: ",") + "]"
    }
    return out + ",\"condition\":" + json(policy.condition) + "}"
  }

  /// A dishonest pause: `{state, party, began, ended, lasted, contradicted_at,
  /// contradicted_change, not_paused, breached, cycle}`.
  private func json(_ pause: PauseFinding) -> String {
    let time = { (instant: Int64) in JSONText.quote(TimeParsing.formatISO8601(instant)) }
    return "{\"state\":" + JSONText.quote(pause.pause.state) + ",\"party\":"
      + (pause.party.map(JSONText.quote) ?? "null") + ",\"began\":" + time(pause.pause.began)
      + ",\"ended\":" + (pause.ongoing ? "null" : time(pause.pause.end)) + ",\"lasted\":"
      + JSONText.quote(DurationFormat.format(pause.lasted)) + ",\"contradicted_at\":"
      + time(pause.pause.contradicted)
      + ",\"contradicted_change\":\(pause.pause.contradictedChange + 1),\"not_paused\":"
      + JSONText.quote(DurationFormat.format(pause.pause.counted))
      + ",\"breached\":\(pause.breached),\"cycle\":"
      + (pause.cycle.map { JSONText.quote($0.text) } ?? "null") + "}"
  }

  private func json(_ cycle: CycleExplanation) -> String {
    "{\"cycle\":" + JSONText.quote(cycle.name) + ",\"span\":" + JSONText.quote(cycle.span)
      + ",\"judged\":\(cycle.judged),\"verdict\":" + JSONText.quote(cycle.verdict)
      + ",\"measured\":" + (cycle.measured.map(JSONText.quote) ?? "null")
      + ",\"shown\":\(cycle.shown)}"
  }

  private func json(_ node: ExplanationNode) -> String {
    var out = "{\"text\":" + JSONText.quote(node.text)
    out += ",\"value\":" + JSONText.quote(node.value)
    out += ",\"measured\":" + (node.measured.map(JSONText.quote) ?? "null")
    out += ",\"truth\":" + (node.truth.map { String($0) } ?? "null")
    out += ",\"definition\":" + (node.definition.map(JSONText.quote) ?? "null")
    return out + ",\"children\":[" + node.children.map(json).joined(separator: ",") + "]}"
  }
}
