extension RegexProgram {
  /// The bytes a match can start with, as a table of 256 (nil when a match can be empty, so
  /// every position must be tried): an over-approximation read from the instructions that
  /// the start reaches without consuming (assertions are taken as holding).
  static func firstBytes(
    _ instructions: [RegexInstruction], _ sets: [RegexSetEntry], _ bounds: [UInt32]
  ) -> [Bool]? {
    var table = [Bool](repeating: false, count: 256)
    var seen = Set<Int32>()
    var stack: [Int32] = [0]
    while let pc = stack.popLast() {
      guard seen.insert(pc).inserted else { continue }
      let instruction = instructions[Int(pc)]
      switch instruction.op {
      case .match: return nil
      case .jump: stack.append(instruction.x)
      case .split: stack += [instruction.x, instruction.y]
      case .assert: stack.append(pc + 1)
      case .scalar:
        let value = UInt32(bitPattern: instruction.x)
        if let scalar = Unicode.Scalar(value), let lead = String(scalar).utf8.first {
          table[Int(lead)] = true
        }
      case .set:
        let set = sets[Int(instruction.x)]
        for byte in 0..<128 {
          let bit = byte < 64 ? set.low >> UInt64(byte) : set.high >> UInt64(byte - 64)
          if (bit & 1 != 0) != set.negated { table[byte] = true }
        }
        if set.negated || set.boundsEnd > set.boundsStart {
          for lead in 0xC0..<256 { table[lead] = true }
        }
      case .any, .anyButNewline:
        return nil
      }
    }
    return table
  }
}
