import VigilCore
import VigilEvaluation

// A violation's holders (`accountable: FIELD at breach|held longest|by share`) in the JSON
// and CSV reports: the `holders` column, after the others.
extension ViolationWriter {
  /// `[{"holder":"Value 1","held":"20d","held_ms":1728000000,"share":0.6452,"breached":false},
  /// …]`: each holder in the order they first held the case, with their time, its share of
  /// the state's length, and whether they held it at the breach; `null` for a violation with
  /// no holders (or a record at risk, as the text report).
  func writeHoldersJSON(_ violation: Violation, to out: inout ByteBuffer) {
    guard let split = violation.holders, violation.atRisk == nil else {
      out.append("null")
      return
    }
    let total = split.total
    let breacher = split.breach.map { split.stretches[$0].holder }
    out.append("[")
    for (index, holder) in split.holders.enumerated() {
      if index > 0 { out.append(",") }
      out.append("{\"holder\":")
      JSONText.append(holder.holder, to: &out)
      out.append(",\"held\":\"")
      DurationFormat.append(holder.held, to: &out)
      out.append("\",\"held_ms\":")
      out.append(String(holder.held))
      out.append(",\"share\":")
      let share = total == 0 ? 0 : Double(holder.held) / Double(total)
      out.append(Operations.formatNumber((share * 10_000).rounded() / 10_000))
      out.append(",\"breached\":")
      out.append(breacher.map { $0 == holder.holder } == true ? "true" : "false")
      out.append("}")
    }
    out.append("]")
  }

  /// The holders as the text report lists them (`Value 1 20d (64.52%), Value 2 11d (35.48%,
  /// breached)`), as one CSV cell; empty for a violation with no holders, or at risk.
  func writeHoldersCSV(_ violation: Violation, to out: inout ByteBuffer) {
    guard let split = violation.holders, violation.atRisk == nil else { return }
    CSVText.append(split.text, to: &out)
  }
}
