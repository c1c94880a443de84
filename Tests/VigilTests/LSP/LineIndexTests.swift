import Testing

@testable import VigilLSP

/// LSP positions (UTF-16 columns) and UTF-8 offsets, both ways, with names of several bytes
/// and characters outside the Basic Multilingual Plane (a surrogate pair in UTF-16).
@Suite("LSP positions")
struct LineIndexTests {
  // "define café = 1\n" then "😀x = 2\r\n" then "last": é is 2 bytes and 1 UTF-16 unit,
  // 😀 is 4 bytes and 2 units.
  static let text = "define café = 1\n😀x = 2\r\nlast"
  static let lines = LineIndex(Array(text.utf8))

  @Test(arguments: [
    (0, 0, 0), (0, 10, 10), (0, 11, 12), (0, 12, 13), (0, 15, 16), (0, 99, 16),
    (1, 0, 17), (1, 2, 21), (1, 3, 22), (1, 7, 26), (1, 8, 26), (2, 0, 28), (2, 4, 32),
    (3, 0, 32), (9, 9, 32),
  ])
  func offsetOfPosition(line: Int, character: Int, offset: Int) {
    #expect(Self.lines.offset(of: Position(line: line, character: character)) == offset)
  }

  @Test func aColumnInsideASurrogatePairMeansTheCharactersStart() {
    #expect(Self.lines.offset(of: Position(line: 1, character: 1)) == 17)
  }

  @Test(arguments: [
    (0, 0, 0), (10, 0, 10), (12, 0, 11), (16, 0, 15), (17, 1, 0), (21, 1, 2), (22, 1, 3),
    (26, 1, 7), (28, 2, 0), (32, 2, 4), (99, 2, 4),
  ])
  func positionOfOffset(offset: Int, line: Int, character: Int) {
    #expect(Self.lines.position(of: offset) == Position(line: line, character: character))
  }

  @Test func aLoneCarriageReturnEndsALine() {
    let lines = LineIndex(Array("a\rb\nc".utf8))
    #expect(lines.lineStarts == [0, 2, 4])
    #expect(lines.position(of: 2) == Position(line: 1, character: 0))
  }

  @Test func incrementalChangesEditTheTextAtUTF16Positions() {
    var document = TextDocument(uri: "file:///a.vigil", version: 1, text: Self.text)
    // Replace "x" after the emoji by "yz", then insert at the end, then delete the first line.
    document.apply(
      LSPRange(Position(line: 1, character: 2), Position(line: 1, character: 3)), "yz")
    #expect(document.text == "define café = 1\n😀yz = 2\r\nlast")
    document.apply(LSPRange(Position(line: 2, character: 4), Position(line: 2, character: 4)), "!")
    #expect(document.text == "define café = 1\n😀yz = 2\r\nlast!")
    document.apply(LSPRange(Position(line: 0, character: 0), Position(line: 1, character: 0)), "")
    #expect(document.text == "😀yz = 2\r\nlast!")
    document.apply(nil, "whole")
    #expect(document.text == "whole")
  }

  @Test(arguments: [
    ("file:///tmp/a%20b/caf%C3%A9.vigil", "/tmp/a b/café.vigil"),
    ("file://localhost/x.vigil", "/x.vigil"),
  ])
  func filePathOfAURI(uri: String, path: String) {
    #expect(DocumentURI.path(of: uri) == path)
  }

  @Test func uriOfAPathEncodesWhatAURICannotHold() {
    #expect(DocumentURI.uri(of: "/tmp/a b/café.vigil") == "file:///tmp/a%20b/caf%C3%A9.vigil")
    #expect(DocumentURI.path(of: "untitled:1") == nil)
    #expect(DocumentURI.path(of: "file://otherhost/x") == nil)
  }
}
