import VigilCore

// The order reports list groups in, and the total order of values it rests on.

extension GroupKey {
  /// The order reports list groups in: by key values (missing first, then numbers, texts,
  /// times…), then by window.
  package static func precedes(_ a: GroupKey, _ b: GroupKey) -> Bool {
    // The common case first: one text key (a case id, an owner).
    if a.values.count == 1, b.values.count == 1, case .text(let x) = a.values[0],
      case .text(let y) = b.values[0]
    {
      let order = TextBytes.compare(x, y)
      return order == 0 ? a.window < b.window : order < 0
    }
    for (x, y) in zip(a.values, b.values) {
      let order = Value.reportOrder(x, y)
      if order != 0 { return order < 0 }
    }
    return a.window < b.window
  }
}

extension Value {
  /// A total order of values for listing groups.
  package static func reportOrder(_ x: Value, _ y: Value) -> Int {
    switch (x, y) {
    case (.number(let a), .number(let b)): return Operations.sign(a, b)
    case (.text(let a), .text(let b)): return Operations.textOrder(a, b)
    case (.time(let a), .time(let b)), (.duration(let a), .duration(let b)):
      return Operations.sign(a, b)
    case (.bool(let a), .bool(let b)): return Operations.sign(a ? 1 : 0, b ? 1 : 0)
    default:
      let (rankX, rankY) = (x.kindRank, y.kindRank)
      if rankX != rankY { return Operations.sign(rankX, rankY) }
      return Operations.textOrder(Operations.format(x), Operations.format(y))
    }
  }

  private var kindRank: Int {
    switch self {
    case .null: return 0
    case .bool: return 1
    case .number: return 2
    case .text: return 3
    case .time: return 4
    case .duration: return 5
    case .list: return 6
    case .record: return 7
    }
  }
}
