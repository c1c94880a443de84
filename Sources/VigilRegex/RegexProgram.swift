/// One instruction of a compiled pattern (a Thompson NFA laid out as a program, as in RE2
/// and Go's `regexp`).
package struct RegexInstruction: Sendable {
  package enum Op: UInt8, Sendable {
    /// Consumes the scalar `x`.
    case scalar
    /// Consumes a scalar of set `x`.
    case set
    /// Consumes any scalar.
    case any
    /// Consumes any scalar but a line feed.
    case anyButNewline
    /// Goes on at both `x` and `y`.
    case split
    /// Goes on at `x`.
    case jump
    /// Goes on at the next instruction if assertion `x` holds here.
    case assert
    /// A match.
    case match
  }

  package var op: Op
  package var x: Int32 = 0
  package var y: Int32 = 0
}

/// A set of scalars as the matcher reads it: a bitmap of the ASCII ones and a slice of
/// `RegexProgram.bounds` (pairs of closed range bounds) for the others. Plain values, so
/// that reading one costs no reference counting.
package struct RegexSetEntry: Sendable {
  package var low: UInt64 = 0
  package var high: UInt64 = 0
  package var boundsStart: Int32 = 0
  package var boundsEnd: Int32 = 0
  package var negated = false
}

/// A compiled pattern: the instructions, the sets they test, and what the matcher can look
/// for with a byte search before running them. Immutable, so one program serves all threads.
package struct RegexProgram: Sendable {
  /// The most instructions a program may have (a pattern like `(a{1000}){1000}` is refused).
  package static let maxInstructions = 20_000

  package var instructions: [RegexInstruction] = []
  package var sets: [RegexSetEntry] = []
  /// The non-ASCII parts of the sets: low, high, low, high, … sorted.
  package var bounds: [UInt32] = []
  /// Whether every match starts at the start of the text (`^…` or `\A…`).
  package var anchoredStart = false
  /// The UTF-8 bytes every match starts with (empty: none known).
  package var prefix: [UInt8] = []
  /// UTF-8 bytes every match contains (empty: none known).
  package var required: [UInt8] = []
  /// The whole pattern is this text (no class, fold, repetition or assertion): a plain
  /// substring search answers.
  package var literal: [UInt8]?
  /// The bytes a match can start with (`firstBytes`): the matcher skips the others while no
  /// thread is alive. Nil: every byte (or an empty match).
  package var firstBytes: [Bool]?
}

/// Turns a `RegexNode` into a `RegexProgram`.
package struct RegexCompiler {
  package var program = RegexProgram()
  /// The pattern's length, for the range of a "too large" error.
  package let patternLength: Int
  /// Each set already in the program, by what it matches: a repeated set (`(?i)(a{100}){5}`
  /// folds `a` once, not five hundred times) is emitted once and referred to again.
  private var setIndices: [RegexCharSet: Int32] = [:]

  /// The program of `node`, or a `RegexError` if it would be too large.
  package static func compile(_ node: RegexNode, patternLength: Int) throws(RegexError)
    -> RegexProgram
  {
    var compiler = RegexCompiler(patternLength: patternLength)
    try compiler.emit(node)
    try compiler.append(RegexInstruction(op: .match))
    let info = RegexLiterals.info(node)
    compiler.program.anchoredStart = RegexLiterals.anchoredStart(node)
    compiler.program.prefix = info.prefix
    compiler.program.required = info.required
    compiler.program.literal = info.exact
    compiler.program.firstBytes = RegexProgram.firstBytes(
      compiler.program.instructions, compiler.program.sets, compiler.program.bounds)
    return compiler.program
  }

  package var next: Int32 { Int32(program.instructions.count) }

  package mutating func append(_ instruction: RegexInstruction) throws(RegexError) {
    guard program.instructions.count < RegexProgram.maxInstructions else {
      throw RegexError(
        .invalid,
        "the pattern is too large: it compiles to more than \(RegexProgram.maxInstructions) "
          + "steps", 0..<patternLength, help: "use smaller repetition counts")
    }
    program.instructions.append(instruction)
  }

  package mutating func emit(_ node: RegexNode) throws(RegexError) {
    switch node {
    case .empty: break
    case .literal(let scalar, let fold):
      if fold {
        try emitSet(RegexCharSet([scalar...scalar], fold: true))
      } else {
        try append(RegexInstruction(op: .scalar, x: Int32(bitPattern: scalar)))
      }
    case .set(let set): try emitSet(set)
    case .any(let dotAll): try append(RegexInstruction(op: dotAll ? .any : .anyButNewline))
    case .assertion(let assertion): try append(RegexInstruction(op: .assert, x: assertion.rawValue))
    case .concat(let items): for item in items { try emit(item) }
    case .alternate(let branches): try emitAlternation(branches[...])
    case .repetition(let child, let min, let max): try emitRepetition(child, min: min, max: max)
    }
  }

  /// `split L1, L2; L1: first; jump end; L2: (the rest)`.
  package mutating func emitAlternation(_ branches: ArraySlice<RegexNode>) throws(RegexError) {
    guard let first = branches.first else { return }
    guard branches.count > 1 else { return try emit(first) }
    let split = next
    try append(RegexInstruction(op: .split, x: split + 1))
    try emit(first)
    let jump = next
    try append(RegexInstruction(op: .jump))
    program.instructions[Int(split)].y = next
    try emitAlternation(branches.dropFirst())
    program.instructions[Int(jump)].x = next
  }

  package mutating func emitRepetition(_ child: RegexNode, min: Int, max: Int?) throws(RegexError) {
    for _ in 0..<Swift.max(0, min - (max == nil && min > 0 ? 1 : 0)) { try emit(child) }
    guard let max else {
      if min > 0 {  // L: child; split L, out
        let loop = next
        try emit(child)
        try append(RegexInstruction(op: .split, x: loop, y: next + 1))
      } else {  // L: split body, out; body; jump L
        let loop = next
        try append(RegexInstruction(op: .split, x: loop + 1))
        try emit(child)
        try append(RegexInstruction(op: .jump, x: loop))
        program.instructions[Int(loop)].y = next
      }
      return
    }
    var splits: [Int] = []
    for _ in min..<max {  // split body, out; body; … (every out to the end)
      splits.append(Int(next))
      try append(RegexInstruction(op: .split, x: next + 1))
      try emit(child)
    }
    for split in splits { program.instructions[split].y = next }
  }

  package mutating func emitSet(_ set: RegexCharSet) throws(RegexError) {
    if let index = setIndices[set] {
      return try append(RegexInstruction(op: .set, x: index))
    }
    let ranges = set.fold ? RegexCaseFolding.folded(set.ranges) : set.ranges
    var entry = RegexSetEntry(negated: set.negated)
    entry.boundsStart = Int32(program.bounds.count)
    for range in ranges {
      if range.lowerBound < 0x80 {
        for value in range.lowerBound...Swift.min(range.upperBound, 0x7F) {
          if value < 64 {
            entry.low |= 1 << UInt64(value)
          } else {
            entry.high |= 1 << UInt64(value - 64)
          }
        }
      }
      if range.upperBound >= 0x80 {
        program.bounds += [Swift.max(range.lowerBound, 0x80), range.upperBound]
      }
    }
    entry.boundsEnd = Int32(program.bounds.count)
    program.sets.append(entry)
    setIndices[set] = Int32(program.sets.count - 1)
    try append(RegexInstruction(op: .set, x: Int32(program.sets.count - 1)))
  }
}
