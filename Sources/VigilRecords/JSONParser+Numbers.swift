import VigilCore

extension JSONParser {
  /// Validates a number by the strict JSON grammar,
  /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, and moves past it.
  package mutating func scanNumber() throws(JSONSyntaxError) {
    if current == RecordByte.minus {
      position += 1
    }
    if current == RecordByte.zero {
      position += 1
    } else {
      try scanDigits()
    }
    if current == RecordByte.dot {
      position += 1
      try scanDigits()
    }
    if current == RecordByte.lowercaseE || current == RecordByte.uppercaseE {
      position += 1
      if current == RecordByte.plus || current == RecordByte.minus {
        position += 1
      }
      try scanDigits()
    }
  }

  /// Moves past one or more digits.
  private mutating func scanDigits() throws(JSONSyntaxError) {
    guard JSONParser.isDigit(current) else { throw error(.expected("a digit")) }
    repeat {
      position += 1
    } while JSONParser.isDigit(current)
  }

  @inline(__always)
  package static func isDigit(_ byte: UInt8) -> Bool {
    byte &- RecordByte.zero < 10
  }

  /// The value of the validated number between `start` and `end`, correctly rounded.
  ///
  /// Numbers with at most 15 significant digits and a small decimal exponent are exact in a
  /// `Double` after one multiplication or division by an exact power of ten (Clinger's fast
  /// path); the others go through the standard library's correctly rounded parser.
  package func number(from start: Int, to end: Int) -> Double {
    var index = start
    let isNegative = bytes[index] == RecordByte.minus
    if isNegative { index += 1 }
    var significand: UInt64 = 0
    var significantDigits = 0
    var exponent = 0
    var isFraction = false
    while index < end, JSONParser.isDigit(bytes[index]) || bytes[index] == RecordByte.dot {
      if bytes[index] == RecordByte.dot {
        isFraction = true
      } else {
        significand = significand &* 10 &+ UInt64(bytes[index] - RecordByte.zero)
        if significand != 0 { significantDigits += 1 }
        if isFraction { exponent -= 1 }
      }
      index += 1
    }
    if index < end {
      exponent += JSONParser.exponentValue(bytes, from: index + 1, to: end)
    }
    guard significantDigits <= 15, (-22...22).contains(exponent) else {
      return slowNumber(from: start, to: end)
    }
    let magnitude = Double(significand)
    let scaled =
      exponent < 0
      ? magnitude / JSONParser.powersOfTen[-exponent]
      : magnitude * JSONParser.powersOfTen[exponent]
    return isNegative ? -scaled : scaled
  }

  /// The exponent after `e`, saturated far beyond any exponent the fast path takes.
  private static func exponentValue(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int
  ) -> Int {
    var index = start
    let isNegative = bytes[index] == RecordByte.minus
    if bytes[index] == RecordByte.minus || bytes[index] == RecordByte.plus { index += 1 }
    var value = 0
    while index < end {
      value = min(value * 10 + Int(bytes[index] - RecordByte.zero), 100_000)
      index += 1
    }
    return isNegative ? -value : value
  }

  private func slowNumber(from start: Int, to end: Int) -> Double {
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    // INVARIANT: scanNumber accepted the text, and the standard library parses every
    // JSON number (it accepts a superset of the grammar).
    return Double(text)!
  }

  private static let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]
}
