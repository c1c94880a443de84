import Testing
import VigilEvaluation

/// The state of one aggregate keeps its smallest and largest value in two integers, whatever
/// they are: numbers in an order-keeping encoding.
@Suite("Aggregate state")
struct AggregateStateTests {
  static let numbers: [Double] = [
    -.infinity, -1e308, -2.5, -1, -.leastNonzeroMagnitude, -0.0, 0.0, .leastNonzeroMagnitude,
    1e-300, 1, 3, 1e308, .infinity,
  ]

  @Test func numbersKeepTheirOrderAndTheirBitsAsKeys() {
    let keys = Self.numbers.map(AggregateState.key)
    #expect(keys == keys.sorted())
    #expect(Set(keys).count == keys.count)
    #expect(keys.map(AggregateState.number).map(\.bitPattern) == Self.numbers.map(\.bitPattern))
  }

  @Test func theLeastAndGreatestNumbersSurviveAMerge() {
    var first = AggregateState()
    var second = AggregateState()
    #expect(first.low == .infinity && first.high == -.infinity)
    first.low = 3
    first.high = 7
    second.low = -2.5
    second.high = 1
    first.merge(second)
    #expect(first.low == -2.5 && first.high == 7)
    second.merge(AggregateState())
    #expect(second.low == -2.5 && second.high == 1)
  }
}
