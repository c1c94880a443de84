import Testing
import VigilCore
import VigilRecords

@testable import Vigil

private typealias Support = RecordReaderTestSupport

@Suite("CSVReader")
struct CSVReaderTests {
  // MARK: Fields

  @Test(
    "quoted and unquoted fields",
    arguments: [
      ("x,y", [Value.text("x"), .text("y")]),
      (#""x","y""#, [.text("x"), .text("y")]),
      (#""x,1","y""#, [.text("x,1"), .text("y")]),
      (#""say ""hi""",y"#, [.text("say \"hi\""), .text("y")]),
      ("\"\"\"\",y", [.text("\""), .text("y")]),
      ("\"\"\"\"\"\",", [.text("\"\""), .null]),
      (",", [.null, .null]),
      ("\"\",\"\"", [.null, .null]),
      ("x,", [.text("x"), .null]),
      (#","""#, [.null, .null]),
      (" x , y ", [.text(" x "), .text(" y ")]),
      (#"" x ",y"#, [.text(" x "), .text("y")]),
      ("é,ü😀", [.text("é"), .text("ü😀")]),
      ("a\rb,c", [.text("a\rb"), .text("c")]),
    ])
  func fields(row: String, expected: [Value]) {
    #expect(Support.csvItems("a,b\n" + row + "\n", ["a", "b"]) == [Support.record(2, expected)])
  }

  @Test(
    "a cell holding exactly a missing text is missing, quoted or not",
    arguments: [
      ("?,N/A", [Value.null, .null]),
      (#""?","N/A""#, [.null, .null]),
      ("??,n/a", [.text("??"), .text("n/a")]),
      (" ?,? ", [.text(" ?"), .text("? ")]),
      (#""?""?",x"#, [.text("?\"?"), .text("x")]),
    ])
  func missingTexts(row: String, expected: [Value]) {
    var layout = Support.layout(["a", "b"])
    layout.missingTexts = [Array("?".utf8), Array("N/A".utf8)]
    let items = Support.csvItems(Array(("a,b\n" + row + "\n").utf8), layout: layout)
    #expect(items == [Support.record(2, expected)])
  }

  @Test("quoted fields hold commas, quotes, CR and LF, and records start at their line")
  func multiLineFields() {
    let text = "id,note\n1,\"first\nsecond\"\n2,\"cr\r\nlf\"\r\n3,\"a,\"\"b\"\"\n\nc\"\n4,plain"
    #expect(
      Support.csvItems(text, ["id", "note"]) == [
        Support.record(2, [.text("1"), .text("first\nsecond")]),
        Support.record(4, [.text("2"), .text("cr\r\nlf")]),
        Support.record(6, [.text("3"), .text("a,\"b\"\n\nc")]),
        Support.record(9, [.text("4"), .text("plain")]),
      ])
  }

  @Test("a byte order mark, CRLF, blank lines and no final newline", arguments: Support.blockSizes)
  func lineHandling(blockSize: Int) {
    let bytes: [UInt8] =
      [0xEF, 0xBB, 0xBF] + Array("\r\na,b\r\n1,2\r\n\r\n\n3,\"x\ny\"\r\n\n4,\"\"".utf8)
    let items = Support.csvItems(bytes, layout: Support.layout(["b", "a"]), blockSize: blockSize)
    #expect(
      items == [
        Support.record(3, [.text("2"), .text("1")]),
        Support.record(6, [.text("x\ny"), .text("3")]),
        Support.record(9, [.null, .text("4")]),
      ])
  }

  @Test("with one column, an empty line is skipped but a quoted empty cell is a record")
  func singleColumn() {
    #expect(
      Support.csvItems("a\nx\n\n\"\"\ny\n", ["a"]) == [
        Support.record(2, [.text("x")]),
        Support.record(4, [.null]),
        Support.record(5, [.text("y")]),
      ])
  }

  @Test(
    "empty and header-only inputs have no records",
    arguments: ["", "\n\r\n", "a,b", "a,b\n", "\u{FEFF}a\r\n\r\n"])
  func noRecords(text: String) {
    #expect(Support.csvItems(text, ["a"]) == [])
  }

  @Test("long quoted fields span block boundaries", arguments: Support.blockSizes)
  func longFields(blockSize: Int) {
    let long = String(repeating: "ab,\"\"c\né€😀\r\n", count: 500)
    let unescaped = String(repeating: "ab,\"c\né€😀\r\n", count: 500)
    let text = "a,b\n\"" + long + "\",x\ny,\"" + long + "\"\n"
    let lines = 1 + long.utf8.filter { $0 == UInt8(ascii: "\n") }.count
    #expect(
      Support.csvItems(text, ["a", "b"], blockSize: blockSize) == [
        Support.record(2, [.text(unescaped), .text("x")]),
        Support.record(2 + lines, [.text("y"), .text(unescaped)]),
      ])
  }

  // MARK: Malformed records

  @Test(
    "malformed records are rejected, and reading goes on at the next line",
    arguments: [
      ("x\"y,z", "unexpected '\"' in unquoted field 1"),
      ("x,y\"", "unexpected '\"' in unquoted field 2"),
      ("\"x\"y,z", "unexpected character after the closing quote of field 1"),
      ("x,\"y\" ", "unexpected character after the closing quote of field 2"),
      ("x,\"y\"\r ", "unexpected character after the closing quote of field 2"),
      ("a,b,c", "has 3 fields, the header has 2"),
      ("a", "has 1 field, the header has 2"),
      ("a,b,", "has 3 fields, the header has 2"),
    ])
  func malformed(row: String, reason: String) {
    let text = "a,b\n1,2\n" + row + "\n3,4\n"
    for blockSize in Support.blockSizes {
      #expect(
        Support.csvItems(text, ["a", "b"], blockSize: blockSize) == [
          Support.record(2, [.text("1"), .text("2")]),
          .rejected(line: 3, reason: reason),
          Support.record(4, [.text("3"), .text("4")]),
        ], "block size \(blockSize)")
    }
  }

  @Test("a field count mismatch spanning lines is rejected at its first line")
  func mismatchAcrossLines() {
    #expect(
      Support.csvItems("a,b\n\"x\ny\"\n1,2", ["a"]) == [
        .rejected(line: 2, reason: "has 1 field, the header has 2"),
        Support.record(4, [.text("1")]),
      ])
  }

  @Test(
    "invalid UTF-8 is rejected with its field",
    arguments: [
      ([0xFF], "invalid UTF-8 in field 1"),
      (Array("x,".utf8) + [0xC3, 0x28], "invalid UTF-8 in field 2"),
      (Array("\"x".utf8) + [0xED, 0xA0, 0x80] + Array("\",y".utf8), "invalid UTF-8 in field 1"),
      (Array("x,y".utf8) + [0xE2, 0x82], "invalid UTF-8 in field 2"),
    ] as [([UInt8], String)])
  func invalidUTF8(row: [UInt8], reason: String) {
    let bytes = Array("a,b\n".utf8) + row + Array("\n1,2\n".utf8)
    #expect(
      Support.csvItems(bytes, layout: Support.layout(["a", "b"])) == [
        .rejected(line: 2, reason: reason),
        Support.record(3, [.text("1"), .text("2")]),
      ])
  }

  @Test("invalid UTF-8 at the very end of the input is rejected")
  func invalidUTF8AtEnd() {
    let bytes = Array("a,b\nx,y".utf8) + [0xE2, 0x82]
    for blockSize in Support.blockSizes {
      #expect(
        Support.csvItems(bytes, layout: Support.layout(["a"]), blockSize: blockSize) == [
          .rejected(line: 2, reason: "invalid UTF-8 in field 2")
        ])
    }
  }

  @Test(
    "an unterminated quoted field is rejected with its record's line, and says where it opens",
    arguments: Support.blockSizes)
  func unterminatedQuote(blockSize: Int) {
    let text = "a,b\n1,2\n3,\"open\nstill open\n4,5\n"
    #expect(
      Support.csvItems(text, ["a", "b"], blockSize: blockSize) == [
        Support.record(2, [.text("1"), .text("2")]),
        .rejected(line: 3, reason: "unterminated quoted field 2"),
      ])
    let later = "a,b\n1,\"x\ny\",\"z\nw"
    #expect(
      Support.csvItems(later, ["a", "b"], blockSize: blockSize) == [
        .rejected(
          line: 2, reason: "unterminated quoted field 3, opened 1 line below the record's first")
      ])
  }

  @Test("an error inside a multi-line quoted field resumes after the line of the error")
  func errorInsideQuotedField() {
    let bytes = Array("a,b\n\"x\ny".utf8) + [0xFF] + Array("z\n1,2\n".utf8)
    #expect(
      Support.csvItems(bytes, layout: Support.layout(["a", "b"])) == [
        .rejected(line: 2, reason: "invalid UTF-8 in field 1"),
        Support.record(4, [.text("1"), .text("2")]),
      ])
  }

  @Test("a malformed header is rejected and ends the reading")
  func malformedHeader() {
    #expect(
      Support.csvItems("\na,\"b\"c\n1,2\n", ["a"]) == [
        .rejected(
          line: 2, reason: "invalid header: unexpected character after the closing quote of field 2"
        )
      ])
  }

  // MARK: Header

  @Test("layout paths match columns by their dotted names; the first duplicate column wins")
  func headerMatching() {
    let text =
      "Created Date,customer.tier,Status,Status,consumer_disputed?,\"Say \"\"x\"\"\"\n"
      + "02/17/2020,gold,Open,Closed,Yes,q\n"
    let layout = RecordLayout([
      FieldPath(["Created Date"]), FieldPath(["customer", "tier"]), FieldPath(["customer.tier"]),
      FieldPath(["Status"]), FieldPath(["consumer_disputed?"]), FieldPath(["Say \"x\""]),
      FieldPath(["missing"]), FieldPath(["created date"]),
    ])
    #expect(
      Support.csvItems(Array(text.utf8), layout: layout) == [
        Support.record(
          2,
          [
            .text("02/17/2020"), .text("gold"), .text("gold"), .text("Open"), .text("Yes"),
            .text("q"), .null, .null,
          ])
      ])
  }

  // MARK: Real data

  @Test("NYC 311 sample: 5895 records, none rejected")
  func nyc311() throws {
    let path = Support.realDataPath("nyc311_dohmh_2010s/nyc311_dohmh_sample.csv")
    let layout = Support.layout(["Unique Key", "Created Date", "Closed Date", "Status", "Location"])
    let items = Support.items(of: CSVReader(input: try ByteInput(path: path), layout: layout))
    let (records, rejected) = Support.split(items)
    #expect(records.count == 5895)
    #expect(rejected == [])
    #expect(
      records.first
        == InputRecord(
          line: 2,
          values: [
            .text("45633481"), .text("02/17/2020 12:19:00 PM"), .null, .text("In Progress"),
            .text("(40.775434349303865, -73.74160068847428)"),
          ]))
    #expect(
      records.last
        == InputRecord(
          line: 5896,
          values: [
            .text("63995777"), .text("02/05/2025 09:09:01 AM"), .null, .text("In Progress"),
            .text("(40.846982514690204, -73.91649963758309)"),
          ]))
    #expect(records.filter { $0.values[2] == .null }.count == 3431)
    let statuses = Dictionary(grouping: records, by: { $0.values[3] }).mapValues(\.count)
    #expect(
      statuses == [
        .text("Closed"): 2462, .text("In Progress"): 1682, .text("Assigned"): 1183,
        .text("Open"): 564, .text("Pending"): 3, .text("Unspecified"): 1,
      ])
    let columns = FieldSampler.fieldNames(input: try ByteInput(path: path), format: .csv, limit: 1)
    #expect(columns.count == 41)
    #expect(columns.first == FieldPath(["Address Type"]))
  }

  @Test("CFPB complaints: 1000 records, none rejected")
  func cfpb() throws {
    let path = Support.realDataPath("cfpb_complaints_2013/Consumer_Complaints_1000.csv")
    let layout = RecordLayout([
      FieldPath("complaint_id"), FieldPath("issue"), FieldPath("consumer_disputed?"),
      FieldPath("sub_product"), FieldPath("consumer_complaint_narrative"), FieldPath("product"),
    ])
    let items = Support.items(of: CSVReader(input: try ByteInput(path: path), layout: layout))
    let (records, rejected) = Support.split(items)
    #expect(records.count == 1000)
    #expect(rejected == [])
    #expect(
      records.first
        == InputRecord(
          line: 2,
          values: [
            .text("511074"), .text("Loan modification,collection,foreclosure"), .text("Yes"),
            .text("Other mortgage"), .null, .text("Mortgage"),
          ]))
    #expect(records.last?.line == 1001)
    #expect(records.last?.values[0] == .text("511967"))
    #expect(records.filter { $0.values[3] == .null }.count == 270)
    #expect(records.allSatisfy { $0.values[4] == .null })
    #expect(records.filter { $0.values[2] == .text("Yes") }.count == 211)
    #expect(records.filter { $0.values[5] == .text("Mortgage") }.count == 343)
  }
}
