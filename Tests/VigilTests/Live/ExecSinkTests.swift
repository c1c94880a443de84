import Foundation
import Testing
import VigilLive

/// `--exec CMD`: findings delivered to a command, in order, retried with back-off, on a
/// thread of their own.
@Suite("Delivering findings to a command")
struct ExecSinkTests {
  static let quick = ExecSettings(timeout: 2000, firstRetry: 10, maxRetry: 40)

  /// Runs `body` with a folder holding `script` as `sink.sh`, and the command running it.
  static func withScript(_ script: String, _ body: (URL, String) throws -> Void) throws {
    let folder = try temporaryFolder("exec")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("sink.sh").path
    try script.write(toFile: path, atomically: true, encoding: .utf8)
    try body(folder, "cd '\(folder.path)' && sh sink.sh")
  }

  static func text(_ folder: URL, _ name: String) -> String? {
    try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
  }

  @Test("every finding delivered, in order, its JSON line on the command's standard input")
  func appends() throws {
    try Self.withScript("cat >> out\n") { folder, command in
      let sink = ExecSink(command: command, settings: Self.quick)
      sink.start()
      sink.enqueue([#"{"n":1}"#, #"{"n":2}"#])
      sink.enqueue([#"{"n":3}"#])
      #expect(sink.waitUntilEmpty(milliseconds: 10_000))
      #expect(Self.text(folder, "out") == "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n")
      #expect(sink.delivered == 3)
      #expect(sink.finish() == [])
      #expect(sink.takeNotices() == [])
    }
  }

  @Test("a command failing its first two runs: retried after back-off, each delivered once")
  func retries() throws {
    let script = """
      n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count
      if [ $n -le 2 ]; then exit 3; fi
      cat >> out

      """
    try Self.withScript(script) { folder, command in
      let sink = ExecSink(command: command, settings: Self.quick)
      sink.start()
      sink.enqueue(["a", "b", "c"])
      #expect(sink.waitUntilEmpty(milliseconds: 10_000))
      #expect(Self.text(folder, "out") == "a\nb\nc\n")
      #expect(Self.text(folder, "count") == "5\n")
      #expect(sink.delivered == 3)
      #expect(
        sink.takeNotices()
          == Array(repeating: "vigil watch: --exec failed (exit status 3)\n", count: 2))
      #expect(sink.finish() == [])
    }
  }

  @Test("a command that hangs: enqueuing never waits, the timeout kills it, it is retried")
  func hangs() throws {
    let script = """
      if [ ! -e tried ]; then touch tried; exec sleep 20; fi
      cat >> out

      """
    try Self.withScript(script) { folder, command in
      let settings = ExecSettings(timeout: 1000, firstRetry: 10, maxRetry: 40)
      let sink = ExecSink(command: command, settings: settings)
      sink.start()
      let start = Date()
      sink.enqueue(["a"])
      while Self.text(folder, "tried") == nil && Date().timeIntervalSince(start) < 5 {
        Thread.sleep(forTimeInterval: 0.005)
      }
      let queued = Date()
      sink.enqueue(["b"])
      // Enqueued while the first delivery hangs, without waiting on it.
      #expect(Date().timeIntervalSince(queued) < 0.1)
      #expect(sink.pending == ["a", "b"])
      #expect(sink.waitUntilEmpty(milliseconds: 10_000))
      #expect(Self.text(folder, "out") == "a\nb\n")
      #expect(
        sink.takeNotices() == [
          "vigil watch: --exec failed (it took longer than 1s and was killed)\n"
        ])
    }
  }

  @Test("a command that does not read its input: delivered when it exits 0, the watch unharmed")
  func unread() throws {
    let sink = ExecSink(command: "exit 0", settings: Self.quick)
    sink.start()
    let long = String(repeating: "x", count: 200_000)
    sink.enqueue([long, "b"])
    #expect(sink.waitUntilEmpty(milliseconds: 10_000))
    #expect(sink.delivered == 2)
    #expect(sink.finish() == [])
    #expect(sink.takeNotices() == [])
  }

  @Test("at the end, deliveries stop at the first failure and what is left is returned")
  func finishStops() throws {
    let sink = ExecSink(command: "exit 1", settings: Self.quick)
    sink.start()
    sink.enqueue(["a", "b"])
    #expect(sink.finish() == ["a", "b"])
    #expect(sink.delivered == 0)
  }

  @Test(
    "back-off: the first wait, doubling up to the cap",
    arguments: [
      (1, 1000), (2, 2000), (3, 4000), (8, 128_000), (9, 256_000), (10, 300_000),
      (60, 300_000),
    ] as [(Int, Int64)])
  func backOff(failures: Int, wait: Int64) {
    #expect(ExecSettings().retryDelay(after: failures) == wait)
  }
}
