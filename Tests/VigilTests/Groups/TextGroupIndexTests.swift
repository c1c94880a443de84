import Testing
import VigilCore

@testable import VigilEvaluation

@Suite("Text group index")
struct TextGroupIndexTests {
  @Test("each key has one number, in the order keys were met, as the index grows")
  func numbersAsItGrows() {
    var index = TextGroupIndex()
    let keys = (0..<5_000).map { "owner-\($0)" } + ["", "a", "é"]
    func number(_ key: String) -> Int {
      var key = key
      return key.withUTF8 { index.number(of: $0, aggregates: 1) }
    }
    for (expected, key) in keys.enumerated() {
      #expect(number(key) == expected, "\(key)")
    }
    // Found again after every growth, and none added.
    for (expected, key) in keys.enumerated() where number(key) != expected {
      Issue.record("\(key) is no longer \(expected)")
    }
    #expect(index.states.count == keys.count)
    let groups = index.groups()
    #expect(groups.map { $0.key } == keys.map { GroupKey(values: [.text($0)], window: 0) })
    var missing = "owner-5000"
    #expect(missing.withUTF8 { index.state(of: $0) } == nil)
    var known = "owner-4999"
    #expect(known.withUTF8 { index.state(of: $0)?.records } == 0)
  }
}
