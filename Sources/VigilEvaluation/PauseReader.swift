import VigilCore

/// A span during which a paused state's clock stood still.
package struct Pause {
  package var start: Int64
  package var end: Int64
}

/// A pause that was not honest (`paused in H while P unless Q`): a run of changes where `P`
/// held, begun by the change `began`, in which the change `contradicted` (where `Q` held)
/// came before the run ended at `end` (`Int64.max` while it lasts). From `contradicted` on,
/// its time is not paused. Changes are numbered in time order (same instant: listed order).
package struct DishonestPause: Sendable, Hashable, Codable {
  package var began: Int64
  package var contradicted: Int64
  package var end: Int64
  package var beganChange: Int
  package var contradictedChange: Int
  /// The time it counts in the state it belongs to (set by `within`), in milliseconds.
  package var counted: Int64 = 0

  /// Those of `pauses` that count time inside `[start, end)`, each with its time counted.
  package static func within(_ pauses: [DishonestPause], from start: Int64, to end: Int64)
    -> [DishonestPause]
  {
    pauses.compactMap { pause in
      let counted = min(end, pause.end) - max(start, pause.contradicted)
      guard counted > 0 else { return nil }
      var kept = pause
      kept.counted = counted
      return kept
    }
  }

  /// `dishonest pause 2026-11-02T09:30:00Z–2026-11-02T10:30:00Z contradicted at
  /// 2026-11-02T10:00:00Z, 30m not paused` (`…–on` while it lasts).
  package var text: String {
    var out = "dishonest pause " + TimeParsing.formatISO8601(began) + "–"
    out += end == Int64.max ? "on" : TimeParsing.formatISO8601(end)
    out += " contradicted at " + TimeParsing.formatISO8601(contradicted) + ", "
    return out + DurationFormat.format(counted) + " not paused"
  }
}

/// Reads a status history's pauses: the changes where the paused condition holds, and, with
/// `unless`, where they stop being honest.
package struct PauseReader {
  let layout: RecordLayout
  let paused: Eval
  let dishonest: Eval?

  /// The honest pauses and the dishonest ones of `history`; nil (a data error) when the
  /// history cannot be read.
  package func pauses(_ history: Value, _ label: String, _ frame: Frame)
    -> (pauses: [Pause], dishonest: [DishonestPause])?
  {
    guard let marks = self.marks(history, label, frame) else { return nil }
    var pauses: [Pause] = []
    var found: [DishonestPause] = []
    var running: DishonestPause?
    var runStart: (at: Int64, change: Int)?
    for (index, mark) in marks.enumerated() {
      guard mark.paused else {
        if var ended = running {
          ended.end = mark.at
          found.append(ended)
        }
        (running, runStart) = (nil, nil)
        continue
      }
      let begun = runStart ?? (mark.at, index)
      runStart = begun
      if running == nil && mark.dishonest {
        running = DishonestPause(
          began: begun.at, contradicted: mark.at, end: Int64.max, beganChange: begun.change,
          contradictedChange: index)
      }
      if running == nil {
        let end = index + 1 < marks.count ? marks[index + 1].at : Int64.max
        pauses.append(Pause(start: mark.at, end: end))
      }
    }
    if let open = running { found.append(open) }
    return (pauses, found)
  }

  /// Each change's time and whether it pauses the clock (and contradicts its pause), in time
  /// order, those at the same instant in listed order; changes without a time left out.
  private func marks(_ history: Value, _ label: String, _ frame: Frame)
    -> [(at: Int64, paused: Bool, dishonest: Bool)]?
  {
    let changes: [Value]
    switch history {
    case .null: return []
    case .list(let items): changes = items
    default:
      frame.fail(
        label, history, "a status history is a list of changes, not \(Operations.describe(history))"
      )
      return nil
    }
    let change = Frame(slots: layout.count, now: frame.now)
    var marks: [(at: Int64, paused: Bool, dishonest: Bool)] = []
    for item in changes {
      guard case .record(let fields) = item else {
        frame.fail(label, item, "a change of a status history is an object with an \"at\" time")
        return nil
      }
      switch Operations.readTime(fields["at"] ?? .null, label, frame) {
      case .time(let at):
        for (slot, path) in layout.fields.enumerated() {
          change.values[slot] = path.lookup(in: fields)
        }
        let pauses = Logic.truth(paused(change), change) == true
        let contradicts =
          pauses && dishonest.map { Logic.truth($0(change), change) == true } == true
        marks.append((at, pauses, contradicts))
      case .null: continue  // a change with no time is left out
      default: return nil
      }
    }
    // By time; changes at the same instant keep their order (the last one holds).
    return marks.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
      .map(\.element)
  }
}
