import Testing

@testable import VigilLive

/// The search for the first instant a case's or record's verdict can change
/// (`LiveProgram.firstChange`): the right instant whatever the guess, and two looks when the
/// guess is right.
@Suite("Watch: the next change's search")
struct NextChangeSearchTests {
  /// (guess, the instant things change, nil for never, the answer, the looks taken), after
  /// 1,000 with a limit of 1,000,000.
  static let cases: [(Int64?, Int64?, Int64?, Int)] = [
    (5_000, 5_000, 5_000, 2),  // right: a look at it and one before it
    (1_001, 1_001, 1_001, 1),  // right, the first instant after now: one look
    (5_000, 5_001, 5_001, 2),  // a millisecond early: the guess, then the next
    (4_000, 5_000, 5_000, 20),  // early: galloping from the guess, then bisecting
    (9_000, 5_000, 5_000, 14),  // late: bisecting between now and the guess
    (nil, 5_000, 5_000, 23),  // no guess: galloping from now, then bisecting
    (2_000_000, 5_000, 5_000, 23),  // past the limit: as no guess
    (5_000, nil, nil, 21),  // nothing changes: galloping to the limit
    (1_000_000, nil, nil, 1),  // the guess is the limit and nothing changes there
    (5_000, 1_000_000, 1_000_000, 40),  // the change at the limit
  ]

  @Test("the first change, whatever the guess", arguments: cases.indices)
  func search(_ index: Int) {
    let (guess, change, answer, looks) = Self.cases[index]
    var taken = 0
    let found = LiveProgram.firstChange(after: 1_000, limit: 1_000_000, guess: guess) { instant in
      taken += 1
      return change.map { instant >= $0 } ?? false
    }
    #expect(found == answer)
    #expect(taken == looks)
  }
}
