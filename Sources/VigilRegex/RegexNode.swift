/// The parsed form of a pattern: what `RegexParser` reads and `RegexCompiler` turns into a
/// `RegexProgram`. Captures are not kept: `matches` only asks whether there is a match.
package indirect enum RegexNode: Sendable, Equatable {
  /// Matches the empty text.
  case empty
  /// One Unicode scalar; with `fold`, any scalar whose simple lowercase or uppercase mapping
  /// is it (or whose mapping it is).
  case literal(UInt32, fold: Bool)
  /// One scalar from a set (a class, `\d`, …).
  case set(RegexCharSet)
  /// `.`: any scalar; but a line feed only with `(?s)`.
  case any(dotAll: Bool)
  /// A zero-width assertion: `^ $ \b \B \A \z`.
  case assertion(RegexAssertion)
  /// The parts, one after the other.
  case concat([RegexNode])
  /// One of the branches.
  case alternate([RegexNode])
  /// The node `min` to `max` times (`max` nil: without bound).
  case repetition(RegexNode, min: Int, max: Int?)
}

/// A zero-width test of the position between two scalars.
package enum RegexAssertion: Int32, Sendable, Equatable {
  /// `\A`, or `^` without `(?m)`: the start of the text.
  case textStart
  /// `\z`, or `$` without `(?m)`: the end of the text.
  case textEnd
  /// `^` with `(?m)`: the start of the text or just after a line feed.
  case lineStart
  /// `$` with `(?m)`: the end of the text or just before a line feed.
  case lineEnd
  /// `\b`: between an ASCII word character and something else (or an end).
  case wordBoundary
  /// `\B`: not at a word boundary.
  case notWordBoundary
}

/// A set of Unicode scalars as sorted, disjoint, non-adjacent closed ranges, possibly
/// negated and case-folded (applied when matching, in that order: fold, then negate).
package struct RegexCharSet: Sendable, Hashable {
  /// Sorted, disjoint closed ranges.
  package var ranges: [ClosedRange<UInt32>] = []
  /// `[^…]`: matches the scalars outside the ranges.
  package var negated = false
  /// `(?i)`: a scalar matches when it, its lowercase or its uppercase mapping is in the set.
  package var fold = false

  /// The set of these ranges, normalised.
  package init(_ ranges: [ClosedRange<UInt32>] = [], negated: Bool = false, fold: Bool = false) {
    self.ranges = Self.normalised(ranges)
    self.negated = negated
    self.fold = fold
  }

  /// The scalars not in `ranges` (within 0…0x10FFFF).
  package static func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
    var result: [ClosedRange<UInt32>] = []
    var next: UInt32 = 0
    for range in normalised(ranges) {
      if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
      next = range.upperBound + 1
    }
    if next <= 0x10FFFF { result.append(next...0x10FFFF) }
    return result
  }

  /// Sorted, with overlapping and adjacent ranges merged.
  package static func normalised(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
    var result: [ClosedRange<UInt32>] = []
    for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if let last = result.last, range.lowerBound <= last.upperBound &+ 1 {
        result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
      } else {
        result.append(range)
      }
    }
    return result
  }

  /// `\d`: the ASCII digits.
  package static let digits: [ClosedRange<UInt32>] = [0x30...0x39]
  /// `\w`: ASCII letters, digits and `_`.
  package static let word: [ClosedRange<UInt32>] = [
    0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A,
  ]
  /// `\s`: tab, line feed, form feed, carriage return and space (as in RE2: not `\v`).
  package static let space: [ClosedRange<UInt32>] = [0x09...0x0A, 0x0C...0x0D, 0x20...0x20]
}

/// Why a pattern cannot be compiled, with where in the pattern (UTF-8 byte offsets).
package struct RegexError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Whether the pattern is malformed or uses a construct Vigil refuses.
  package enum Kind: Sendable, Equatable {
    /// Not a regular expression (an unclosed bracket, a bad escape, …).
    case invalid
    /// A construct other engines have but that cannot match in linear time (or that Vigil
    /// does not have): back-references, look-around, possessive and atomic groups, …
    case unsupported
  }

  /// Malformed or refused.
  package let kind: Kind
  /// What is wrong, in a sentence.
  package let message: String
  /// Where in the pattern: a half-open range of UTF-8 byte offsets.
  package let range: Range<Int>
  /// How to fix it, if there is a simple way.
  package let help: String?

  package init(_ kind: Kind, _ message: String, _ range: Range<Int>, help: String? = nil) {
    self.kind = kind
    self.message = message
    self.range = range
    self.help = help
  }

  package var description: String { message }
}
