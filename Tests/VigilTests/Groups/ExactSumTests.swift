import Testing
import VigilEvaluation

@testable import Vigil

@Suite("ExactSum")
struct ExactSumTests {
  func sum(_ numbers: [Double]) -> Double {
    var total = ExactSum()
    for number in numbers { total.add(number) }
    return total.value
  }

  @Test(
    "sums exactly, rounding once",
    arguments: [
      ([1e16, 1, -1e16], 1.0),  // a naive sum gives 0
      ([0.1, 0.2], 0.30000000000000004),  // the exact sum of the two doubles, rounded
      ([0.1, 0.2, -0.3], 2.7755575615628914e-17),
      ([1e308, 1e308, -1e308], 1e308),  // no overflow on the way
      (
        [Double.leastNonzeroMagnitude, Double.leastNonzeroMagnitude],
        2 * Double.leastNonzeroMagnitude
      ),  // the smallest subnormals
      ([-2.5, -2.5], -5.0),
      ([3, -3], 0.0),
      ([], 0.0),
      ([1, 2, 3, 4.5], 10.5),
      ([0x1p53, 1], 0x1p53),  // a tie rounds to even
      ([0x1p53, 1, 1e-300], 0x1p53 + 2),  // anything beyond the tie rounds up
    ])
  func exact(numbers: [Double], expected: Double) {
    #expect(sum(numbers) == expected)
  }

  @Test("the same whatever the order and however the parts are split")
  func orderIndependent() {
    var generator = SplitMix(seed: 7)
    let numbers = (0..<2000).map { _ in
      Double(generator.next() % 2_000_001) / 1000 - 1000
        + Double(generator.next() % 3) * 1e-9 * Double(generator.next() % 1000)
    }
    let reference = sum(numbers)
    for round in 0..<20 {
      var shuffled = numbers
      shuffled.shuffle(using: &generator)
      let cut = Int(generator.next() % UInt64(numbers.count))
      var left = ExactSum()
      var right = ExactSum()
      for number in shuffled[..<cut] { left.add(number) }
      for number in shuffled[cut...] { right.add(number) }
      right.add(left)
      #expect(right.value == reference, "round \(round)")
    }
  }
}
