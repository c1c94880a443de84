import Testing
import VigilCore
import VigilRecords

@testable import Vigil

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

private typealias Support = RecordReaderTestSupport

@Suite("JSONLinesReader")
struct JSONLinesReaderTests {
  // MARK: Values

  @Test(
    "every JSON escape is decoded",
    arguments: [
      (#"\""#, "\""),
      (#"\\"#, "\\"),
      (#"\/"#, "/"),
      (#"\b"#, "\u{08}"),
      (#"\f"#, "\u{0C}"),
      (#"\n"#, "\n"),
      (#"\r"#, "\r"),
      (#"\t"#, "\t"),
      (#"\u0041"#, "A"),
      (#"\u00e9"#, "é"),
      (#"\u20AC"#, "€"),
      (#"\u0000"#, "\u{0}"),
      (#"\ud83d\ude00"#, "😀"),
      (#"\uD834\uDD1E"#, "𝄞"),
      (#"a\tb\"c\\d\u00e9e"#, "a\tb\"c\\dée"),
      ("héllo € 😀", "héllo € 😀"),
      ("", ""),
    ])
  func escapes(escaped: String, expected: String) {
    let items = Support.jsonItems(#"{"s":""# + escaped + #""}"#, ["s"])
    #expect(items == [Support.record(1, [.text(expected)])])
  }

  @Test(
    "numbers follow the JSON grammar and round correctly",
    arguments: [
      ("0", 0.0),
      ("-0", -0.0),
      ("12", 12),
      ("-3.25", -3.25),
      ("1e3", 1000),
      ("1E+2", 100),
      ("2.5e-3", 0.0025),
      ("0.1", 0.1),
      ("123456789012345678", 123_456_789_012_345_680),
      ("3.141592653589793", 3.141592653589793),
      ("1.7976931348623157e308", 1.7976931348623157e308),
      ("5e-324", .leastNonzeroMagnitude),
      ("0.000001234", 0.000001234),
      ("1e400", .infinity),
    ])
  func numbers(text: String, expected: Double) {
    let items = Support.jsonItems(#"{"n":"# + text + "}", ["n"])
    #expect(items == [Support.record(1, [.number(expected)])])
    if case .record(let record) = items.first, case .number(let value) = record.values[0] {
      #expect(value.sign == expected.sign)
    }
  }

  @Test(
    "literals, arrays and objects are parsed whole",
    arguments: [
      ("true", Value.bool(true)),
      ("false", .bool(false)),
      ("null", .null),
      ("[]", .list([])),
      ("{}", .record([:])),
      (
        #"[1, "a", [true, null], {"k": "v"}]"#,
        .list([.number(1), .text("a"), .list([.bool(true), .null]), .record(["k": .text("v")])])
      ),
      (
        #"{"k": {"x": [], "y": -1.5}, "k2": "\u00e9"}"#,
        .record(["k": .record(["x": .list([]), "y": .number(-1.5)]), "k2": .text("é")])
      ),
    ])
  func structuredValues(text: String, expected: Value) {
    let items = Support.jsonItems(#"{"v": "# + text + " }", ["v"])
    #expect(items == [Support.record(1, [expected])])
  }

  @Test("fields missing from a record are null, and an empty layout reads records")
  func missingFields() {
    let text = """
      {"a": 1}
      {"b": "x"}
      {}
      """
    #expect(
      Support.jsonItems(text, ["a", "b"]) == [
        Support.record(1, [.number(1), .null]),
        Support.record(2, [.null, .text("x")]),
        Support.record(3, [.null, .null]),
      ])
    #expect(
      Support.jsonItems(text, []) == [
        Support.record(1, []), Support.record(2, []), Support.record(3, []),
      ])
  }

  // MARK: Paths

  @Test("nested paths are read from nested objects")
  func nestedPaths() {
    let line =
      #"{"id":"T1","customer":{"tier":"gold","extra":[1,{"x":2}],"name":"Ann"},"#
      + #""a":{"b":{"c":true}}}"#
    let items = Support.jsonItems(line, ["id", "customer.tier", "customer.name", "a.b.c", "a.x"])
    #expect(
      items == [
        Support.record(1, [.text("T1"), .text("gold"), .text("Ann"), .bool(true), .null])
      ])
  }

  @Test(
    "a path whose intermediate value is not an object is null",
    arguments: [#""gold""#, "null", "3", "true", "[1,2]", #"[{"tier":"x"}]"#, "{}"])
  func intermediateNotObject(customer: String) {
    let items = Support.jsonItems(
      #"{"customer":"# + customer + #","id":7}"#, ["customer.tier", "id"])
    #expect(items == [Support.record(1, [.null, .number(7)])])
  }

  @Test("a key that is both a path and a prefix fills both slots")
  func pathAndPrefix() {
    let text = """
      {"customer":{"tier":"gold","n":1}}
      {"customer":5}
      {"customer":{"n":1}}
      """
    let items = Support.jsonItems(text, ["customer", "customer.tier"])
    #expect(
      items == [
        Support.record(
          1, [.record(["tier": .text("gold"), "n": .number(1)]), .text("gold")]),
        Support.record(2, [.number(5), .null]),
        Support.record(3, [.record(["n": .number(1)]), .null]),
      ])
  }

  @Test(
    "with duplicate keys the last one wins",
    arguments: [
      (#"{"a":1,"a":2}"#, ["a"], [Value.number(2)]),
      (#"{"a":1,"b":0,"a":null}"#, ["a"], [.null]),
      (#"{"c":{"t":1},"c":{"u":2}}"#, ["c.t", "c.u"], [.null, .number(2)]),
      (#"{"c":{"t":1},"c":3}"#, ["c.t"], [.null]),
      (#"{"c":{"t":1,"t":2}}"#, ["c"], [.record(["t": .number(2)])]),
      (#"{"c":{"t":1},"c":{"t":3}}"#, ["c", "c.t"], [.record(["t": .number(3)]), .number(3)]),
    ])
  func duplicateKeys(line: String, fields: [String], expected: [Value]) {
    #expect(Support.jsonItems(line, fields) == [Support.record(1, expected)])
  }

  @Test(
    "keys of every length are matched exactly, not by their first or last eight bytes",
    arguments: [
      "a", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq",
      "abcdefghijklmnopqrstuvwxyz_0123456789",
    ])
  func keysOfEveryLength(key: String) {
    let bytes = Array(key.utf8)
    // Near misses: one byte changed at the start, the middle or the end; one byte more or less.
    var nearMisses: [String] = []
    for index in Set([0, bytes.count / 2, bytes.count - 1]) {
      var changed = bytes
      changed[index] = changed[index] == UInt8(ascii: "Z") ? UInt8(ascii: "Y") : UInt8(ascii: "Z")
      nearMisses.append(String(decoding: changed, as: UTF8.self))
    }
    nearMisses += [key + "x", String(key.dropLast())].filter { !$0.isEmpty }
    let members = nearMisses.enumerated().map { #""\#($1)":\#($0)"# } + [#""\#(key)":"hit""#]
    // At the end of a line, the key's eight bytes would run past it: read with and without.
    for line in [
      "{" + members.joined(separator: ",") + "}",
      "{" + members.reversed().joined(separator: ",") + "}",
    ] {
      #expect(Support.jsonItems(line, [key]) == [Support.record(1, [.text("hit")])], "\(line)")
    }
    let shortLine = #"{"\#(key)":1}"#
    #expect(Support.jsonItems(shortLine, [key]) == [Support.record(1, [.number(1)])])
  }

  @Test("keys are matched after decoding their escapes")
  func escapedKeys() {
    let line = #"{"na\u006de":"x","a\"b":1,"caf\u00e9":2,"tab\tkey":3}"#
    let layout = RecordLayout([
      FieldPath("name"), FieldPath("a\"b"), FieldPath("café"), FieldPath("tab\tkey"),
      FieldPath("nam"),
    ])
    let items = Support.jsonItems(Array(line.utf8), layout: layout)
    #expect(
      items == [Support.record(1, [.text("x"), .number(1), .number(2), .number(3), .null])])
  }

  @Test("values of keys outside the layout are skipped, whatever they hold")
  func skipping() {
    let line =
      #"{"s":"}{][\",:","e":"\u00e9\ud83d\ude00","n":-1.5e+3,"t":true,"f":false,"z":null,"#
      + #""o":{"a":{"b":[1,{"c":"]}"}]},"d":{}},"l":[[],[[]],{},"[",{"k":[null]}],"#
      + #""eo":{},"ea":[],"keep":"yes"}"#
    #expect(Support.jsonItems(line, ["keep"]) == [Support.record(1, [.text("yes")])])
  }

  // MARK: Malformed lines

  @Test(
    "malformed lines are rejected with the column and what was expected",
    arguments: [
      (#"{"a":01}"#, "invalid JSON at column 7: expected ',' or '}'"),
      (#"{"a":-}"#, "invalid JSON at column 7: expected a digit"),
      (#"{"a":1.}"#, "invalid JSON at column 8: expected a digit"),
      (#"{"a":1e}"#, "invalid JSON at column 8: expected a digit"),
      (#"{"a":1e+}"#, "invalid JSON at column 9: expected a digit"),
      (#"{"a":.5}"#, "invalid JSON at column 6: expected a value"),
      (#"{"a":+1}"#, "invalid JSON at column 6: expected a value"),
      (#"{"a":tru}"#, "invalid JSON at column 6: invalid literal, expected true, false or null"),
      (#"{"a":nul"#, "invalid JSON at column 6: invalid literal, expected true, false or null"),
      (#"{"a":"x}"#, "invalid JSON at column 6: unterminated string"),
      (#"{"a":"x\"}"#, "invalid JSON at column 6: unterminated string"),
      (#"{"a":"\x"}"#, "invalid JSON at column 7: invalid escape sequence"),
      (
        #"{"a":"\u12"}"#,
        #"invalid JSON at column 7: invalid \u escape, expected four hexadecimal digits"#
      ),
      (
        #"{"a":"\u12G4"}"#,
        #"invalid JSON at column 7: invalid \u escape, expected four hexadecimal digits"#
      ),
      (#"{"a":"\ud800"}"#, #"invalid JSON at column 7: unpaired surrogate in \u escape"#),
      (#"{"a":"\udc00"}"#, #"invalid JSON at column 7: unpaired surrogate in \u escape"#),
      (#"{"a":"\ud800\u0041"}"#, #"invalid JSON at column 7: unpaired surrogate in \u escape"#),
      (#"{"a":"\ud800\ud800"}"#, #"invalid JSON at column 7: unpaired surrogate in \u escape"#),
      ("{\"a\":\"tab\there\"}", "invalid JSON at column 10: unescaped control character in string"),
      (#"{"a" 1}"#, "invalid JSON at column 6: expected ':'"),
      (#"{"a":1 "b":2}"#, "invalid JSON at column 8: expected ',' or '}'"),
      (#"{"a":1,}"#, "invalid JSON at column 8: expected a string key"),
      (#"{,}"#, "invalid JSON at column 2: expected a string key or '}'"),
      (#"{a:1}"#, "invalid JSON at column 2: expected a string key or '}'"),
      (#"{"a":[1 2]}"#, "invalid JSON at column 9: expected ',' or ']'"),
      (#"{"a":[1,]}"#, "invalid JSON at column 9: expected a value"),
      (#"{"a":{"b":1]}"#, "invalid JSON at column 12: expected ',' or '}'"),
      (#"{"a":1} x"#, "invalid JSON at column 9: unexpected characters after the object"),
      (#"{"a":1}}"#, "invalid JSON at column 8: unexpected characters after the object"),
      (#"{"a":1}{"a":2}"#, "invalid JSON at column 8: unexpected characters after the object"),
      (#"{"a":1"#, "invalid JSON at column 7: expected ',' or '}', found end of line"),
      (#"{"a":"#, "invalid JSON at column 6: expected a value, found end of line"),
      (#"{"a""#, "invalid JSON at column 5: expected ':', found end of line"),
      (#"{"#, "invalid JSON at column 2: expected a string key or '}', found end of line"),
      (#"[1,2]"#, "expected a JSON object, found an array"),
      (#""s""#, "expected a JSON object, found a string"),
      ("-42", "expected a JSON object, found a number"),
      ("true", "expected a JSON object, found a boolean"),
      ("null", "expected a JSON object, found null"),
      ("hello", "invalid JSON at column 1: expected a JSON object"),
      (#"{"é":"ü",:1}"#, "invalid JSON at column 10: expected a string key"),
    ])
  func malformed(line: String, reason: String) {
    // The same reason whether the value is read (`a`) or skipped (layout without `a`).
    for fields in [["a"], ["other"]] {
      let items = Support.jsonItems("{\"ok\":1}\n" + line + "\n{\"ok\":2}\n", fields + ["ok"])
      let blank: [Value] = [.null]
      #expect(
        items == [
          Support.record(1, blank + [.number(1)]),
          .rejected(line: 2, reason: reason),
          Support.record(3, blank + [.number(2)]),
        ], "fields \(fields)")
    }
  }

  @Test(
    "invalid UTF-8 is rejected with its column, in read and skipped values",
    arguments: [
      ([0xFF], 7),  // not a lead byte
      ([0x80], 7),  // a lone continuation byte
      ([0xC0, 0xAF], 7),  // overlong
      ([0xE0, 0x80, 0xAF], 7),  // overlong
      ([0xED, 0xA0, 0x80], 7),  // an encoded surrogate
      ([0xF4, 0x90, 0x80, 0x80], 7),  // above U+10FFFF
      ([0xE2, 0x82], 7),  // truncated before the quote
      ([0x41, 0xC3, 0xA9, 0xF8], 9),  // after "Aé"
    ] as [([UInt8], Int)])
  func invalidUTF8(bytes: [UInt8], column: Int) {
    let line = Array(#"{"a":""#.utf8) + bytes + Array(#""}"#.utf8)
    for fields in [["a"], ["other"]] {
      let items = Support.jsonItems(line, layout: Support.layout(fields))
      #expect(items == [.rejected(line: 1, reason: "invalid UTF-8 at column \(column)")])
    }
  }

  @Test("invalid UTF-8 outside strings and in keys is rejected as such")
  func invalidUTF8OutsideStrings() {
    let keyed = Array(#"{"é":""#.utf8) + [0xFF] + Array(#""}"#.utf8)
    #expect(
      Support.jsonItems(keyed, layout: Support.layout(["a"])) == [
        .rejected(line: 1, reason: "invalid UTF-8 at column 7")
      ])
    let bare = Array(#"{"a":"#.utf8) + [0xFF] + Array("}".utf8)
    #expect(
      Support.jsonItems(bare, layout: Support.layout(["a"])) == [
        .rejected(line: 1, reason: "invalid UTF-8 at column 6")
      ])
    let key = Array(#"{""#.utf8) + [0xC3] + Array(#"":1}"#.utf8)
    #expect(
      Support.jsonItems(key, layout: Support.layout(["a"])) == [
        .rejected(line: 1, reason: "invalid UTF-8 at column 3")
      ])
  }

  @Test("nesting up to 512 levels is read, deeper is rejected", arguments: [["a"], ["b"]])
  func nestingDepth(fields: [String]) {
    func line(arrays: Int) -> String {
      #"{"a":"# + String(repeating: "[", count: arrays) + String(repeating: "]", count: arrays)
        + "}"
    }
    let items = Support.jsonItems(line(arrays: 511) + "\n" + line(arrays: 512), fields)
    #expect(items.count == 2)
    if case .record(let record) = items.first {
      #expect(record.line == 1)
    } else {
      Issue.record("the line 512 levels deep was rejected: \(items)")
    }
    #expect(
      items.last
        == .rejected(line: 2, reason: "invalid JSON at column 517: nesting deeper than 512"))
  }

  // MARK: Lines

  @Test(
    "a byte order mark, CRLF, blank lines and a last line without newline",
    arguments: Support.blockSizes)
  func lineHandling(blockSize: Int) {
    let bytes: [UInt8] =
      [0xEF, 0xBB, 0xBF]
      + Array("{\"a\":1}\r\n\r\n   \n\t \r\n{\"a\":2}\n\n{\"a\":\"x\"} \r\n{\"a\":3}".utf8)
    let items = Support.jsonItems(bytes, layout: Support.layout(["a"]), blockSize: blockSize)
    #expect(
      items == [
        Support.record(1, [.number(1)]),
        Support.record(5, [.number(2)]),
        Support.record(7, [.text("x")]),
        Support.record(8, [.number(3)]),
      ])
  }

  @Test("a byte order mark is only skipped at the very start")
  func byteOrderMarkLater() {
    let bytes = Array("{\"a\":1}\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("{\"a\":2}\n".utf8)
    #expect(
      Support.jsonItems(bytes, layout: Support.layout(["a"])) == [
        Support.record(1, [.number(1)]),
        .rejected(line: 2, reason: "invalid JSON at column 1: expected a JSON object"),
      ])
  }

  @Test(
    "empty and blank inputs have no records", arguments: ["", "\n", "\r\n", "  \n\n\t", "\u{FEFF}"])
  func emptyInputs(text: String) {
    #expect(Support.jsonItems(text, ["a"]) == [])
  }

  @Test("lines longer than a block are read whole", arguments: Support.blockSizes)
  func longLines(blockSize: Int) {
    let long = String(repeating: "abcdé€😀", count: 700)
    let text =
      #"{"skip":""# + long + #"","a":1}"# + "\n" + #"{"a":""# + long + #""}"# + "\n"
      + #"{"a":2,"bad":""# + long
    let items = Support.jsonItems(text, ["a"], blockSize: blockSize)
    #expect(
      items == [
        Support.record(1, [.number(1)]),
        Support.record(2, [.text(long)]),
        .rejected(line: 3, reason: "invalid JSON at column 14: unterminated string"),
      ])
  }

  @Test("what is read does not depend on where blocks end", arguments: Support.blockSizes)
  func blockIndependence(blockSize: Int) {
    let lines: [[UInt8]] = [
      Array(#"{"a":"é€😀\u00e9\ud83d\ude00","b":{"c":[1,2,{"d":"}"}]},"e":-1.5e3}"#.utf8),
      Array("\r".utf8),
      Array(#"{"a":"x"} trailing"#.utf8),
      Array(#"{"a":"é"#.utf8) + [0xE2, 0x82] + Array(#""}"#.utf8),
      Array(#"  {"e":true,"a":null}  "#.utf8),
      Array(#"{"b":{"c":"deep"},"a":["x",{"y":"z"}]}"#.utf8),
    ]
    var bytes: [UInt8] = []
    for line in lines {
      bytes += line + Array("\r\n".utf8)
    }
    let layout = Support.layout(["a", "b.c", "e"])
    let expected = [
      Support.record(
        1,
        [
          .text("é€😀é😀"), .list([.number(1), .number(2), .record(["d": .text("}")])]),
          .number(-1500),
        ]),
      .rejected(
        line: 3, reason: "invalid JSON at column 11: unexpected characters after the object"),
      .rejected(line: 4, reason: "invalid UTF-8 at column 8"),
      Support.record(5, [.null, .null, .bool(true)]),
      Support.record(6, [.list([.text("x"), .record(["y": .text("z")])]), .text("deep"), .null]),
    ]
    #expect(Support.jsonItems(bytes, layout: layout, blockSize: blockSize) == expected)
  }

  // MARK: Inputs

  @Test("a file is read through a path or a file descriptor")
  func files() throws {
    let path = try temporaryFile("{\"a\":1}\n{\"a\":2}\n")
    defer { unlink(path) }
    let expected = [Support.record(1, [.number(1)]), Support.record(2, [.number(2)])]
    let layout = Support.layout(["a"])
    let byPath = try ByteInput(path: path, blockSize: 3)
    #expect(Support.items(of: JSONLinesReader(input: byPath, layout: layout)) == expected)
    #expect(byPath.readError == nil)

    let descriptor = open(path, O_RDONLY)
    defer { close(descriptor) }
    let byDescriptor = ByteInput(fileDescriptor: descriptor)
    #expect(Support.items(of: JSONLinesReader(input: byDescriptor, layout: layout)) == expected)
  }

  @Test("a string input reads its UTF-8")
  func stringInput() {
    let reader = JSONLinesReader(
      input: ByteInput(string: "{\"a\":\"é\"}"), layout: Support.layout(["a"]))
    #expect(Support.items(of: reader) == [Support.record(1, [.text("é")])])
  }

  @Test("a file that cannot be opened is an error naming it")
  func unopenableFiles() {
    #expect(throws: RecordInputError.self) { try ByteInput(path: "/nonexistent/x.jsonl") }
    do {
      _ = try ByteInput(path: "/nonexistent/x.jsonl")
    } catch {
      #expect(error.message == "cannot open '/nonexistent/x.jsonl': No such file or directory")
      #expect(error.description == error.message)
    }
    do {
      _ = try ByteInput(path: "/")
      Issue.record("a directory was opened as a record file")
    } catch {
      #expect(error.message == "cannot read '/': Is a directory")
    }
  }

  @Test(
    "the input format comes from the file extension",
    arguments: [
      ("export.jsonl", InputFormat.jsonl),
      ("dir/export.ndjson", .jsonl),
      ("EXPORT.JSON", .jsonl),
      ("/data/a.b/export.csv", .csv),
      ("x.Csv", .csv),
      ("export.txt", nil),
      ("export", nil),
      ("a.csv/export", nil),
      (".csv", nil),
      ("", nil),
    ] as [(String, InputFormat?)])
  func inputFormat(path: String, expected: InputFormat?) {
    #expect(InputFormat(path: path) == expected)
  }

  private func temporaryFile(_ contents: String) throws -> String {
    var template = Array("/tmp/vigil-records-XXXXXX".utf8CString)
    let descriptor = mkstemp(&template)
    try #require(descriptor >= 0)
    let bytes = Array(contents.utf8)
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    close(descriptor)
    try #require(written == bytes.count)
    return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
