import Testing

@testable import VigilLSP

/// The JSON reader and writer of the language server: exact texts both ways.
@Suite("LSP JSON")
struct JSONCodecTests {
  @Test(arguments: [
    (#"{"a":1,"b":[true,false,null],"c":"x"}"#, #"{"a":1,"b":[true,false,null],"c":"x"}"#),
    (#" { "z" : -0.5 , "a" : 1e3 } "#, #"{"z":-0.5,"a":1000}"#),
    (#""tab\tquote\"back\\slash\/\u00e9""#, #""tab\tquote\"back\\slash/é""#),
    // A surrogate pair is one character; a lone surrogate becomes U+FFFD.
    (#""\ud83d\ude00 \ud83d x \ude00""#, "\"😀 \u{FFFD} x \u{FFFD}\""),
    (#""\u0001""#, #""\u0001""#),
    ("[]", "[]"),
    ("{}", "{}"),
    ("12345678901", "12345678901"),
  ])
  func readsAndWritesBack(text: String, written: String) throws {
    #expect(try JSONReader.read(text).serialized == written)
  }

  @Test(arguments: [
    ("", "the text ends where a value should be at byte 0"),
    ("{bad}", "expected a member's name in quotes at byte 1"),
    (#"{"a" 1}"#, "expected ':' after a member's name at byte 5"),
    ("[1,]", "unexpected character where a value should be at byte 3"),
    ("[1 2]", "expected ',' or ']' at byte 3"),
    ("01", "text after the JSON value at byte 1"),
    ("1.", "expected a digit after '.' at byte 2"),
    (#""abc"#, "the text ends inside a string at byte 4"),
    (#""\q""#, "an unknown escape in a string at byte 2"),
    (#""\u12""#, "expected 4 hex digits after \\u at byte 3"),
    ("\"a\nb\"", "a control character inside a string at byte 2"),
    ("nul", "unexpected character where a value should be at byte 0"),
    ("{} {}", "text after the JSON value at byte 3"),
    (#"{"a":1,"#, "the text ends inside an object at byte 7"),
  ])
  func rejects(text: String, problem: String) {
    #expect(throws: JSONReader.Failure.self) { try JSONReader.read(text) }
    do {
      _ = try JSONReader.read(text)
    } catch {
      #expect(error.description == problem)
    }
  }

  @Test func rejectsNestingDeeperThanTheLimitWithoutRecursingFurther() throws {
    let deep = String(repeating: "[", count: 100_000)
    #expect(throws: JSONReader.Failure(message: "nested more than 256 deep", offset: 256)) {
      try JSONReader.read(deep)
    }
    let fine = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
    #expect(try JSONReader.read(fine).serialized == fine)
  }

  @Test func rejectsABodyThatIsNotUTF8() {
    #expect(throws: JSONReader.Failure(message: "a string that is not UTF-8", offset: 4)) {
      try JSONReader.read([0x22, 0xFF, 0xFE, 0x22])
    }
  }

  @Test func writesMembersInOrderAndIntegersWithoutAFraction() {
    let value: JSON = ["z": 1, "a": [1.5, -2, "é\n"], "m": nil, "t": true]
    #expect(value.serialized == #"{"z":1,"a":[1.5,-2,"é\n"],"m":null,"t":true}"#)
    #expect(value["a"]?.array?.count == 3)
    #expect(value["missing"] == nil)
    #expect(value.setting("m", 3).serialized == #"{"z":1,"a":[1.5,-2,"é\n"],"m":3,"t":true}"#)
  }
}
