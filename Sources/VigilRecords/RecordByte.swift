/// The ASCII bytes the readers look for and the report writers write. Inlinable constants, so
/// that a writer in another module compares bytes with them at no cost.
///
/// `@usableFromInline`, as every package type with `@inlinable` members: Swift 6.3 inlines
/// such a member into another module only when its type is (else each use is a call).
@usableFromInline package enum RecordByte {
  @inlinable package static var apostrophe: UInt8 { UInt8(ascii: "'") }
  @inlinable package static var tab: UInt8 { UInt8(ascii: "\t") }
  @inlinable package static var lineFeed: UInt8 { UInt8(ascii: "\n") }
  @inlinable package static var carriageReturn: UInt8 { UInt8(ascii: "\r") }
  @inlinable package static var space: UInt8 { UInt8(ascii: " ") }
  @inlinable package static var quote: UInt8 { UInt8(ascii: "\"") }
  @inlinable package static var comma: UInt8 { UInt8(ascii: ",") }
  @inlinable package static var minus: UInt8 { UInt8(ascii: "-") }
  @inlinable package static var plus: UInt8 { UInt8(ascii: "+") }
  @inlinable package static var dot: UInt8 { UInt8(ascii: ".") }
  @inlinable package static var slash: UInt8 { UInt8(ascii: "/") }
  @inlinable package static var zero: UInt8 { UInt8(ascii: "0") }
  @inlinable package static var nine: UInt8 { UInt8(ascii: "9") }
  @inlinable package static var colon: UInt8 { UInt8(ascii: ":") }
  @inlinable package static var uppercaseE: UInt8 { UInt8(ascii: "E") }
  @inlinable package static var openingBracket: UInt8 { UInt8(ascii: "[") }
  @inlinable package static var backslash: UInt8 { UInt8(ascii: "\\") }
  @inlinable package static var closingBracket: UInt8 { UInt8(ascii: "]") }
  @inlinable package static var lowercaseB: UInt8 { UInt8(ascii: "b") }
  @inlinable package static var lowercaseE: UInt8 { UInt8(ascii: "e") }
  @inlinable package static var lowercaseF: UInt8 { UInt8(ascii: "f") }
  @inlinable package static var lowercaseN: UInt8 { UInt8(ascii: "n") }
  @inlinable package static var lowercaseR: UInt8 { UInt8(ascii: "r") }
  @inlinable package static var lowercaseT: UInt8 { UInt8(ascii: "t") }
  @inlinable package static var lowercaseU: UInt8 { UInt8(ascii: "u") }
  @inlinable package static var openingBrace: UInt8 { UInt8(ascii: "{") }
  @inlinable package static var closingBrace: UInt8 { UInt8(ascii: "}") }
}
