#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension RegexProgram {
  /// Whether the UTF-8 `text` holds a match anywhere. Time is linear in the text (times the
  /// program's size); no backtracking. The scratch space (two thread lists and a stack) is
  /// taken per call with `withUnsafeTemporaryAllocation` (on the stack when it fits), so
  /// calls from many threads share nothing mutable.
  package func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    if let literal { return RegexByteSearch.find(literal, in: text, from: 0) != nil }
    if !required.isEmpty && RegexByteSearch.find(required, in: text, from: 0) == nil {
      return false
    }
    let size = instructions.count
    return instructions.withUnsafeBufferPointer { code in
      sets.withUnsafeBufferPointer { sets in
        bounds.withUnsafeBufferPointer { bounds in
          withUnsafeTemporaryAllocation(of: Int32.self, capacity: 5 * size) { scratch in
            // INVARIANT: the scratch holds 5 * size elements, size ≥ 1 (the match).
            let base = scratch.baseAddress!
            base.initialize(repeating: 0, count: 5 * size)
            var machine = RegexMachine(
              code: code, sets: sets, bounds: bounds, text: text,
              current: RegexThreadList(dense: base, sparse: base + size),
              following: RegexThreadList(dense: base + 2 * size, sparse: base + 3 * size),
              stack: base + 4 * size)
            guard !anchoredStart, prefix.isEmpty, let firstBytes else {
              return machine.run(anchored: anchoredStart, prefix: anchoredStart ? [] : prefix)
            }
            return firstBytes.withUnsafeBufferPointer { machine.run(firstBytes: $0) }
          }
        }
      }
    }
  }
}

/// A set of instruction indexes with constant-time insert, test and clear (a sparse set).
package struct RegexThreadList {
  package let dense: UnsafeMutablePointer<Int32>
  package let sparse: UnsafeMutablePointer<Int32>
  package var count = 0

  package func contains(_ pc: Int32) -> Bool {
    let slot = Int(sparse[Int(pc)])
    return slot < count && dense[slot] == pc
  }

  package mutating func insert(_ pc: Int32) {
    sparse[Int(pc)] = Int32(count)
    dense[count] = pc
    count += 1
  }
}

/// The Pike VM (a Thompson NFA simulation without captures) over one text.
package struct RegexMachine {
  package let code: UnsafeBufferPointer<RegexInstruction>
  package let sets: UnsafeBufferPointer<RegexSetEntry>
  package let bounds: UnsafeBufferPointer<UInt32>
  package let text: UnsafeBufferPointer<UInt8>
  package var current: RegexThreadList
  package var following: RegexThreadList
  package let stack: UnsafeMutablePointer<Int32>

  /// Steps through the text one scalar at a time, starting a thread at every position (only
  /// at 0 when `anchored`); when no thread is alive, skips to the next `prefix`.
  package mutating func run(anchored: Bool, prefix: [UInt8]) -> Bool {
    var position = 0
    while true {
      if current.count == 0 {
        if anchored && position > 0 { return false }
        if !prefix.isEmpty {
          guard let found = RegexByteSearch.find(prefix, in: text, from: position) else {
            return false
          }
          position = found
        }
      }
      if !anchored || position == 0 {
        if add(to: &current, 0, at: position) { return true }
      }
      if position >= text.count { return false }
      guard let length = step(at: position) else { return true }
      position += length
    }
  }

  /// `run(anchored: false, prefix: [])`, skipping the bytes no match starts with while no
  /// thread is alive.
  package mutating func run(firstBytes: UnsafeBufferPointer<Bool>) -> Bool {
    var position = 0
    while true {
      if current.count == 0 {
        while position < text.count && !firstBytes[Int(text[position])] { position += 1 }
      }
      if add(to: &current, 0, at: position) { return true }
      if position >= text.count { return false }
      guard let length = step(at: position) else { return true }
      position += length
    }
  }

  /// Moves every thread over the scalar at `position`: its length, or nil if a thread
  /// reached the match.
  package mutating func step(at position: Int) -> Int? {
    let (scalar, length) = decode(at: position)
    following.count = 0
    for index in 0..<current.count {
      let pc = current.dense[index]
      if consumes(code[Int(pc)], scalar) && add(to: &following, pc + 1, at: position + length) {
        return nil
      }
    }
    swap(&current, &following)
    return length
  }

  /// Adds `pc` and every instruction reachable from it without consuming (jumps, splits,
  /// assertions that hold at `position`) to `list`; true if that reaches the match.
  package func add(to list: inout RegexThreadList, _ pc: Int32, at position: Int) -> Bool {
    if list.contains(pc) { return false }
    list.insert(pc)
    stack[0] = pc
    var top = 1
    while top > 0 {
      top -= 1
      let at = stack[top]
      let instruction = code[Int(at)]
      switch instruction.op {
      case .match: return true
      case .jump: push(instruction.x, &list, &top)
      case .split:
        push(instruction.y, &list, &top)
        push(instruction.x, &list, &top)
      case .assert: if holds(instruction.x, at: position) { push(at + 1, &list, &top) }
      default: break
      }
    }
    return false
  }

  /// Marks `pc` as reached and pushes it, unless it was reached already.
  package func push(_ pc: Int32, _ list: inout RegexThreadList, _ top: inout Int) {
    guard !list.contains(pc) else { return }
    list.insert(pc)
    stack[top] = pc
    top += 1
  }

  package func consumes(_ instruction: RegexInstruction, _ scalar: UInt32) -> Bool {
    switch instruction.op {
    case .scalar: return scalar == UInt32(bitPattern: instruction.x)
    case .set: return inSet(sets[Int(instruction.x)], scalar)
    case .any: return true
    case .anyButNewline: return scalar != 0x0A
    default: return false
    }
  }

  package func inSet(_ set: RegexSetEntry, _ scalar: UInt32) -> Bool {
    var found: Bool
    if scalar < 64 {
      found = set.low & (1 << UInt64(scalar)) != 0
    } else if scalar < 128 {
      found = set.high & (1 << UInt64(scalar - 64)) != 0
    } else {
      found = false
      var index = Int(set.boundsStart)
      while index < Int(set.boundsEnd) {
        if scalar < bounds[index] { break }
        if scalar <= bounds[index + 1] {
          found = true
          break
        }
        index += 2
      }
    }
    return found != set.negated
  }

  package func holds(_ assertion: Int32, at position: Int) -> Bool {
    switch RegexAssertion(rawValue: assertion) {
    case .textStart: return position == 0
    case .textEnd: return position == text.count
    case .lineStart: return position == 0 || text[position - 1] == 0x0A
    case .lineEnd: return position == text.count || text[position] == 0x0A
    case .wordBoundary: return isWord(position - 1) != isWord(position)
    case .notWordBoundary: return isWord(position - 1) == isWord(position)
    case nil: return false
    }
  }

  /// Whether the byte at `index` is an ASCII word character (false outside the text).
  package func isWord(_ index: Int) -> Bool {
    guard index >= 0 && index < text.count else { return false }
    let byte = text[index]
    return (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
      || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
  }

  /// The scalar at `position` and its length in bytes (U+FFFD, 1 for a malformed byte).
  package func decode(at position: Int) -> (UInt32, Int) {
    let lead = UInt32(text[position])
    if lead < 0x80 { return (lead, 1) }
    let length = lead < 0xC0 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF8 ? 4 : 0
    guard length > 0, position + length <= text.count else { return (0xFFFD, 1) }
    var value = lead & (0x7F >> UInt32(length))
    for offset in 1..<length {
      let byte = UInt32(text[position + offset])
      guard byte & 0xC0 == 0x80 else { return (0xFFFD, 1) }
      value = value << 6 | byte & 0x3F
    }
    return (value, length)
  }
}

/// Byte searches over UTF-8 (a `memchr` for the first byte, then a `memcmp`).
package enum RegexByteSearch {
  /// Where `needle` first occurs in `text` at or after `start`.
  package static func find(_ needle: [UInt8], in text: UnsafeBufferPointer<UInt8>, from start: Int)
    -> Int?
  {
    guard !needle.isEmpty else { return start <= text.count ? start : nil }
    guard let base = text.baseAddress, text.count - start >= needle.count else { return nil }
    return needle.withUnsafeBufferPointer { needleBytes -> Int? in
      // INVARIANT: needle is not empty.
      let needleBase = needleBytes.baseAddress!
      let first = Int32(needle[0])
      var from = start
      let last = text.count - needle.count
      while from <= last {
        guard let hit = memchr(base + from, first, last - from + 1) else { return nil }
        let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        if needle.count == 1 || memcmp(base + index + 1, needleBase + 1, needle.count - 1) == 0 {
          return index
        }
        from = index + 1
      }
      return nil
    }
  }
}
