import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a `LanguageServer` over standard input and output: one thread reads and decodes the
/// frames into a `MessageQueue`, the calling thread handles them one at a time and publishes
/// the diagnostics when they are due.
package enum StdioConnection {
  /// Serves until `exit` or the end of the input; returns the exit code (0 after `shutdown`
  /// then `exit`, 1 otherwise).
  package static func run(
    input: Int32 = 0, output: Int32 = 1, version: String,
    log: @escaping @Sendable (String) -> Void
  ) -> Int32 {
    let queue = MessageQueue()
    let reader = Thread { read(input, into: queue, log: log) }
    reader.stackSize = 4 << 20
    reader.start()
    let server = LanguageServer(
      send: { message in
        var body: [UInt8] = []
        message.write(into: &body)
        writeAll(output, FrameDecoder.frame(body))
      }, log: log, version: version)
    while true {
      // Due diagnostics first, so that a client that never pauses still gets them.
      let now = DispatchTime.now().uptimeNanoseconds
      if let deadline = server.nextDeadline, deadline <= now {
        server.publishDueDiagnostics(now: now)
      }
      guard let item = queue.pop(until: server.nextDeadline) else { continue }
      switch item {
      case .message(let message): server.handle(message)
      case .unreadable(let body): server.receive(body)
      case .cancelled(let id): server.answerCancelled(id)
      case .end:
        log("vigil lsp: the input ended before 'exit'")
        return 1
      }
      if let code = server.exitCode { return code }
    }
  }

  /// Reads `input` until its end, handing each message to `queue`.
  static func read(_ input: Int32, into queue: MessageQueue, log: (String) -> Void) {
    var decoder = FrameDecoder()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { break }
      decoder.append(chunk[0..<count])
      while let event = decoder.next() {
        switch event {
        case .frame(let body):
          do {
            queue.push(.message(try JSONReader.read(body)))
          } catch {
            // Handled as a body: the server answers it with a parse error.
            queue.push(.unreadable(body))
          }
        case .malformed(let why):
          log("vigil lsp: skipped a malformed frame: \(why)")
        }
      }
    }
    queue.push(.end)
  }

  /// Writes every byte of `bytes` to `descriptor` (a failed write drops the rest).
  package static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes {
        Glibc.write(descriptor, $0.baseAddress, $0.count)
      }
      if written > 0 {
        offset += written
      } else if written < 0 && errno == EINTR {
        continue
      } else {
        return
      }
    }
  }
}
