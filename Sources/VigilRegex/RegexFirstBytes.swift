extension RegexProgram {
  /// The bytes a match can start with, as a table of 256 (nil when a match can be empty, so
  /// every position must be tried): an over-approximation read from the instructions that
  /// the start reaches without consuming (assertions are taken as holding).
  package static func firstBytes(
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
        table[leadByte(value)] = true
      case .set:
        let set = sets[Int(instruction.x)]
        for byte in 0..<128 {
          let bit = byte < 64 ? set.low >> UInt64(byte) : set.high >> UInt64(byte - 64)
          if (bit & 1 != 0) != set.negated { table[byte] = true }
        }
        if set.negated {
          for lead in 0xC2..<0xF5 { table[lead] = true }
        } else {  // a UTF-8 lead byte grows with the scalar: a range's leads are an interval
          for index in stride(from: Int(set.boundsStart), to: Int(set.boundsEnd), by: 2) {
            for lead in leadByte(bounds[index])...leadByte(bounds[index + 1]) {
              table[lead] = true
            }
          }
        }
      case .any, .anyButNewline:
        return nil
      }
    }
    return table
  }

  /// The first UTF-8 byte of scalar `value`.
  package static func leadByte(_ value: UInt32) -> Int {
    switch value {
    case ..<0x80: return Int(value)
    case ..<0x800: return Int(0xC0 | value >> 6)
    case ..<0x10000: return Int(0xE0 | value >> 12)
    default: return Int(0xF0 | value >> 18)
    }
  }
}
