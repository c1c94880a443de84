/// The exact sum of any doubles, rounded once when read: the same whatever the order the
/// numbers came in, so a group's total is the same whether one thread or several added up
/// its parts.
///
/// The sum is a fixed-point integer in base 2^32 "digits" reaching from the lowest bit a
/// double has (2^-1074) upwards, kept only over the digits the numbers touched. Each digit
/// is an `Int64` that absorbs carries lazily; `value` propagates them and rounds to nearest.
package struct ExactSum: Sendable, Hashable {
  /// Digits, least significant first; `digits[0]` is digit number `lowest`.
  private var digits: [Int64] = []
  private var lowest = 0
  /// Additions since the carries were last propagated.
  private var pending = 0

  /// Adds a finite number.
  package mutating func add(_ number: Double) {
    guard number != 0, number.isFinite else { return }
    let significand =
      number.significandBitPattern | (number.exponentBitPattern == 0 ? 0 : 1 << 52)
    // number = ±significand × 2^(bit - 1074), bit ≥ 0.
    let bit = max(Int(number.exponentBitPattern), 1) - 1
    let (high, low) = significand.multipliedFullWidth(by: 1 << UInt64(bit & 31))
    let parts = [Int64(low & 0xFFFF_FFFF), Int64(low >> 32), Int64(high)]
    let first = bit >> 5
    reserve(first, first + 2)
    for (offset, part) in parts.enumerated() {
      digits[first - lowest + offset] += number < 0 ? -part : part
    }
    pending += 1
    // Each addition moves a digit by less than 2^32: carry long before an Int64 could overflow.
    if pending >= 1 << 29 { propagateCarries() }
  }

  /// Adds another exact sum.
  package mutating func add(_ other: ExactSum) {
    guard !other.digits.isEmpty else { return }
    var other = other
    other.propagateCarries()
    propagateCarries()
    reserve(other.lowest, other.lowest + other.digits.count - 1)
    for (offset, digit) in other.digits.enumerated() {
      digits[other.lowest - lowest + offset] += digit
    }
    pending += 1
  }

  /// Takes another exact sum away (the watch's groups, when a newer line replaces a record).
  package mutating func subtract(_ other: ExactSum) {
    var negated = other
    for index in negated.digits.indices { negated.digits[index] = -negated.digits[index] }
    add(negated)
  }

  /// Makes room for digits `from...through`.
  private mutating func reserve(_ from: Int, _ through: Int) {
    if digits.isEmpty {
      lowest = from
      digits = Array(repeating: 0, count: through - from + 1)
      return
    }
    if from < lowest {
      digits.insert(contentsOf: Array(repeating: 0, count: lowest - from), at: 0)
      lowest = from
    }
    let top = lowest + digits.count - 1
    if through > top { digits += Array(repeating: 0, count: through - top) }
  }

  /// Brings every digit into 0..<2^32, the sign into a last digit of 0 or -1.
  private mutating func propagateCarries() {
    var carry: Int64 = 0
    for index in digits.indices {
      let digit = digits[index] + carry
      carry = digit >> 32
      digits[index] = digit & 0xFFFF_FFFF
    }
    if carry != 0 { digits.append(carry) }
    pending = 0
  }

  /// The sum, rounded to the nearest double.
  package var value: Double {
    var sum = self
    sum.propagateCarries()
    // Now every digit is in 0..<2^32 except a last one of -1 when the sum is negative.
    var magnitude = sum.digits
    let negative = magnitude.last == -1
    if negative {
      magnitude.removeLast()
      // -(B^n - m) = -(two's complement of m): invert the digits and add one.
      var carry: Int64 = 1
      for index in magnitude.indices {
        let digit = (0xFFFF_FFFF - magnitude[index]) + carry
        carry = digit >> 32
        magnitude[index] = digit & 0xFFFF_FFFF
      }
    }
    let result = ExactSum.rounded(magnitude, lowest: sum.lowest)
    return negative ? -result : result
  }

  /// Digits in 0..<2^32 as the nearest double.
  private static func rounded(_ digits: [Int64], lowest: Int) -> Double {
    guard let top = digits.lastIndex(where: { $0 != 0 }) else { return 0 }
    func digit(_ index: Int) -> UInt64 { index >= 0 ? UInt64(digits[index]) : 0 }
    // The 96 bits of the three highest digits, shifted so the highest set bit leads.
    let leading = digit(top).leadingZeroBitCount - 32
    let upper = digit(top) << 32 | digit(top - 1)
    var window = upper << UInt64(leading) | (digit(top - 2) << UInt64(leading)) >> 32
    // Bits below the 64-bit window only decide rounding: one sticky bit stands for them.
    let below = digit(top - 2) << UInt64(32 + leading)
    if below != 0 || (top >= 3 && digits[..<(top - 2)].contains { $0 != 0 }) { window |= 1 }
    // The window's lowest bit is bit number 32 * (top + lowest) + 31 - leading - 63.
    let exponent = 32 * (top + lowest) - 32 - leading - 1074
    return Double(sign: .plus, exponent: exponent, significand: Double(window))
  }

  /// Makes one from its parts.
  package init() {

  }
}

// The watch's checkpoints keep groups' sums.
extension ExactSum: Codable {}

extension ExactSum {
  /// The sum as words that are equal when two sums are (its carries propagated, its zero
  /// digits at either end left out): the lowest digit's number, then the digits.
  package var digestWords: [Int64] {
    var sum = self
    sum.propagateCarries()
    var digits = sum.digits[...]
    var lowest = sum.lowest
    while let first = digits.first, first == 0 {
      digits = digits.dropFirst()
      lowest += 1
    }
    while let last = digits.last, last == 0 { digits = digits.dropLast() }
    return digits.isEmpty ? [] : [Int64(lowest)] + digits
  }
}
