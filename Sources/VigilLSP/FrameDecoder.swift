/// Cuts a byte stream into JSON-RPC messages framed as the Language Server Protocol says:
/// a header of `Name: value` lines ended by `\r\n`, an empty line, then exactly
/// `Content-Length` bytes of body.
///
/// A malformed header (no `Content-Length`, a length that is no number or too large, a header
/// that never ends) is reported once and skipped: the decoder looks for the next line that
/// starts with `Content-Length:` and goes on from there, so one bad frame loses only itself.
package struct FrameDecoder {
  /// The longest header read before it is judged malformed.
  package static let maxHeaderBytes = 8192
  /// The largest body accepted (64 MiB: far more than any policy file).
  package static let maxBodyBytes = 64 << 20

  /// What the decoder found next.
  package enum Event: Equatable, Sendable {
    /// A message's body.
    case frame([UInt8])
    /// Bytes that are not a frame, skipped; why.
    case malformed(String)
  }

  private var buffer: [UInt8] = []
  private var start = 0
  /// After a malformed header: skip bytes until a line starting with `Content-Length:`.
  private var resynchronizing = false

  package init() {}

  /// Adds bytes read from the stream.
  package mutating func append(_ bytes: some Sequence<UInt8>) {
    if start > 0 && start >= buffer.count / 2 {
      buffer.removeFirst(start)
      start = 0
    }
    buffer.append(contentsOf: bytes)
  }

  /// The bytes received but not yet decoded.
  package var pendingBytes: Int { buffer.count - start }

  /// The next frame or malformation; nil when more bytes are needed.
  package mutating func next() -> Event? {
    if resynchronizing {
      guard let found = nextHeaderStart() else {
        // Keep a possible partial `Content-Length` at the end.
        start = max(start, buffer.count - Self.headerName.count)
        return nil
      }
      start = found
      resynchronizing = false
    }
    guard let headerEnd = find([13, 10, 13, 10], from: start) else {
      if buffer.count - start > Self.maxHeaderBytes {
        return malformed("a header longer than \(Self.maxHeaderBytes) bytes, with no empty line")
      }
      return nil
    }
    let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
    let length: Int
    switch Self.contentLength(header) {
    case .success(let value): length = value
    case .failure(let problem): return malformed(problem.message)
    }
    let bodyStart = headerEnd + 4
    guard buffer.count - bodyStart >= length else { return nil }
    let body = Array(buffer[bodyStart..<bodyStart + length])
    start = bodyStart + length
    return .frame(body)
  }

  private mutating func malformed(_ message: String) -> Event {
    // Skip at least the first byte, so the same header is not found again.
    start += 1
    resynchronizing = true
    return .malformed(message)
  }

  struct HeaderProblem: Error {
    var message: String
  }

  static let headerName = Array("content-length:".utf8)

  /// The `Content-Length` of a header (its lines without the final empty one).
  static func contentLength(_ header: String) -> Result<Int, HeaderProblem> {
    var length: Int?
    for line in header.split(separator: "\r\n", omittingEmptySubsequences: false) {
      guard let colon = line.firstIndex(of: ":") else {
        return .failure(HeaderProblem(message: "a header line with no ':': '\(line.prefix(80))'"))
      }
      let name = line[..<colon].trimmingSpaces.lowercased()
      guard name == "content-length" else { continue }
      let value = line[line.index(after: colon)...].trimmingSpaces
      guard let number = Int(value), number >= 0 else {
        return .failure(
          HeaderProblem(message: "Content-Length is not a number: '\(value.prefix(40))'"))
      }
      guard number <= maxBodyBytes else {
        return .failure(
          HeaderProblem(
            message: "Content-Length \(number) is more than the \(maxBodyBytes) bytes accepted"))
      }
      length = number
    }
    guard let length else {
      return .failure(HeaderProblem(message: "a header with no Content-Length"))
    }
    return .success(length)
  }

  /// Where the next line starting with `Content-Length:` (any case) begins.
  private func nextHeaderStart() -> Int? {
    var position = start
    while position + Self.headerName.count <= buffer.count {
      let atLineStart = position == 0 || buffer[position - 1] == 10
      if atLineStart && matchesHeaderName(at: position) { return position }
      position += 1
    }
    return nil
  }

  private func matchesHeaderName(at position: Int) -> Bool {
    for (offset, expected) in Self.headerName.enumerated() {
      var byte = buffer[position + offset]
      if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 32 }
      if byte != expected { return false }
    }
    return true
  }

  /// Where `pattern` first occurs from `from`, looking no further than a header may reach.
  private func find(_ pattern: [UInt8], from: Int) -> Int? {
    let limit = min(buffer.count, from + Self.maxHeaderBytes + pattern.count)
    var position = from
    while position + pattern.count <= limit {
      if buffer[position] == pattern[0]
        && Array(buffer[position..<position + pattern.count]) == pattern
      {
        return position
      }
      position += 1
    }
    return nil
  }

  /// The frame of a message's body: its header and the body.
  package static func frame(_ body: [UInt8]) -> [UInt8] {
    Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
  }
}

extension Substring {
  fileprivate var trimmingSpaces: Substring {
    var text = self
    while text.first == " " || text.first == "\t" { text = text.dropFirst() }
    while text.last == " " || text.last == "\t" { text = text.dropLast() }
    return text
  }
}
