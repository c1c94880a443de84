import Testing

@testable import VigilLSP

/// `Content-Length` framing: frames cut anywhere, several at once, and malformed headers
/// skipped without losing the frames after them.
@Suite("LSP framing")
struct FrameDecoderTests {
  static func events(_ chunks: [String]) -> [FrameDecoder.Event] {
    var decoder = FrameDecoder()
    var events: [FrameDecoder.Event] = []
    for chunk in chunks {
      decoder.append(Array(chunk.utf8))
      while let event = decoder.next() { events.append(event) }
    }
    return events
  }

  static func frame(_ body: String) -> FrameDecoder.Event { .frame(Array(body.utf8)) }

  @Test func readsFramesCutAtEveryByte() {
    let stream = "Content-Length: 2\r\n\r\n{}Content-Length: 8\r\n\r\n[\"é\",1]"
    // Cut into single bytes (the é split across two), then all at once.
    var decoder = FrameDecoder()
    var events: [FrameDecoder.Event] = []
    for byte in stream.utf8 {
      decoder.append([byte])
      while let event = decoder.next() { events.append(event) }
    }
    #expect(events == [Self.frame("{}"), Self.frame("[\"é\",1]")])
    #expect(Self.events([stream]) == [Self.frame("{}"), Self.frame("[\"é\",1]")])
  }

  @Test func readsOtherHeadersAndAnyCase() {
    let stream =
      "content-length:3\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[1]"
    #expect(Self.events([stream]) == [Self.frame("[1]")])
  }

  @Test(arguments: [
    ("Content-Length: x\r\n\r\n", "Content-Length is not a number: 'x'"),
    ("Content-Type: a\r\n\r\n", "a header with no Content-Length"),
    ("garbage\r\n\r\n", "a header line with no ':': 'garbage'"),
    (
      "Content-Length: 99999999999\r\n\r\n",
      "Content-Length 99999999999 is more than the 67108864 bytes accepted"
    ),
  ])
  func skipsAMalformedHeaderAndReadsTheNextFrame(bad: String, problem: String) {
    let events = Self.events([bad + "Content-Length: 2\r\n\r\n{}"])
    #expect(events == [.malformed(problem), Self.frame("{}")])
  }

  @Test func skipsAHeaderThatNeverEnds() {
    var decoder = FrameDecoder()
    decoder.append(Array(String(repeating: "x", count: 9000).utf8))
    #expect(
      decoder.next()
        == .malformed("a header longer than 8192 bytes, with no empty line"))
    #expect(decoder.next() == nil)
    decoder.append(Array("\nContent-Length: 1\r\n\r\n1".utf8))
    #expect(decoder.next() == Self.frame("1"))
  }

  @Test func framesABody() {
    #expect(FrameDecoder.frame(Array("{}".utf8)) == Array("Content-Length: 2\r\n\r\n{}".utf8))
  }
}
