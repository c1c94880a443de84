import VigilCore
import VigilEvaluation

extension Explainer {
  /// Who held the record's case while the state `policy` measures ran (for a policy whose
  /// party is a holder, `accountable: Resource at breach`), in `group`, the case's frame set
  /// to the cycle shown; nil for other policies, or when the state is unknown.
  func explainHolders(_ policy: CompiledGroupPolicy, _ group: Frame) -> HolderSplit? {
    guard let holding = policy.holding else { return nil }
    group.resetFindings()
    defer { group.resetFindings() }
    return program.holderSplit(holding, group)
  }

  /// Who held the record in `frame` under `policy`, a record policy whose party is a holder
  /// of its own list of changes (in the cycle the frame is set to, for one judged per cycle).
  func explainHolders(_ policy: CompiledPolicy, _ frame: Frame) -> HolderSplit? {
    guard let holding = policy.history?.holding else { return nil }
    frame.resetFindings()
    defer { frame.resetFindings() }
    guard frame.cycle != nil || policy.history?.cycles == nil else { return nil }
    return program.holderSplit(holding, frame)
  }
}

extension ExplanationWriter {
  /// `held by Resource (at breach): …` and a line per stretch: its holder, span, time
  /// counted and the budget left at its start; the breach's stretch marked.
  func holdersText(_ split: HolderSplit) -> String {
    var out = "  held by \(split.field) (\(split.choice.rawValue)): \(split.text)\n"
    for (index, stretch) in split.stretches.enumerated() {
      out += "  stretch \(index + 1): \(stretch.holder ?? "(no holder)") from "
      out += TimeParsing.formatISO8601(stretch.start) + " until "
      out += TimeParsing.formatISO8601(stretch.end) + ": "
      out += DurationFormat.format(stretch.counted) + " counted, budget left "
      out += DurationFormat.format(stretch.budgetLeft)
      out += index == split.breach ? " (it broke the rule)\n" : "\n"
    }
    return out
  }

  /// The JSON object of `holders`.
  func holdersJSON(_ split: HolderSplit) -> String {
    let stretches = split.stretches.enumerated().map { index, stretch in
      "{\"holder\":" + (stretch.holder.map(JSONText.quote) ?? "null") + ",\"from\":"
        + JSONText.quote(TimeParsing.formatISO8601(stretch.start)) + ",\"until\":"
        + JSONText.quote(TimeParsing.formatISO8601(stretch.end)) + ",\"counted_ms\":"
        + "\(stretch.counted),\"budget_left_ms\":\(stretch.budgetLeft),\"breach\":"
        + "\(index == split.breach)}"
    }
    return "{\"field\":" + JSONText.quote(split.field) + ",\"names\":\""
      + split.choice.rawValue + "\",\"party\":" + (split.party.map(JSONText.quote) ?? "null")
      + ",\"stretches\":[" + stretches.joined(separator: ",") + "]}"
  }
}
