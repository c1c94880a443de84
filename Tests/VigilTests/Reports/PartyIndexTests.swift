import Testing
import VigilEvaluation

/// A party's row is found again whatever way its name comes (a string, or a reader's bytes),
/// and parties are told apart byte for byte, as groups are.
@Suite("PartyIndex")
struct PartyIndexTests {
  /// Each look-up in turn, and the row and newness it must give.
  private static let lookUps: [(party: String?, bytes: Bool, row: Int, isNew: Bool)] = [
    ("ana", true, 0, true),
    ("ana", false, 0, false),
    (nil, false, 1, true),
    ("ben", false, 2, true),
    ("ben", true, 2, false),
    // "é" composed, then decomposed: equal strings, two parties.
    ("jos\u{E9}", false, 3, true),
    ("jose\u{301}", true, 4, true),
    ("jos\u{E9}", true, 3, false),
    ("jose\u{301}", false, 4, false),
    // The Kelvin sign and "K": equal strings, two parties.
    ("\u{212A}", false, 5, true),
    ("K", true, 6, true),
    ("K", false, 6, false),
    ("", true, 7, true),
    ("", false, 7, false),
    (nil, false, 1, false),
    ("ana.b", true, 8, true),
  ]

  @Test("rows by name, by bytes, and for names equal as strings")
  func rows() {
    var index = PartyIndex()
    for (number, lookUp) in Self.lookUps.enumerated() {
      let found: (row: Int, isNew: Bool)
      if lookUp.bytes, var name = lookUp.party {
        found = name.withUTF8 { index.row(named: $0) }
      } else {
        found = index.row(of: lookUp.party)
      }
      #expect(found.row == lookUp.row && found.isNew == lookUp.isNew, "look-up \(number)")
    }
    // Compared byte for byte: `==` on strings would take the pairs above for one.
    #expect(
      index.names.map { $0.map { Array($0.utf8) } }
        == ["ana", nil, "ben", "jos\u{E9}", "jose\u{301}", "\u{212A}", "K", "", "ana.b"].map {
          $0.map { Array($0.utf8) }
        })
  }

  @Test("many parties grow the table and are all found again")
  func manyParties() {
    var index = PartyIndex()
    let names = (0..<3000).map { "party-\($0 * 7919 % 3000)" }
    for (row, name) in names.enumerated() {
      #expect(index.row(of: name) == (row, true))
    }
    for (row, var name) in names.enumerated().reversed() {
      #expect(name.withUTF8 { index.row(named: $0) } == (row, false))
    }
    #expect(index.count == 3000)
  }
}
