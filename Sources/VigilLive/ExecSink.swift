import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How `--exec` delivers: how long one delivery may take, and how long to wait before trying
/// a failed one again (doubling from `firstRetry` up to `maxRetry`), in milliseconds.
package struct ExecSettings: Sendable, Equatable {
  package var timeout: Int64 = 30_000
  package var firstRetry: Int64 = 1000
  package var maxRetry: Int64 = 300_000

  package init(timeout: Int64 = 30_000, firstRetry: Int64 = 1000, maxRetry: Int64 = 300_000) {
    self.timeout = timeout
    self.firstRetry = firstRetry
    self.maxRetry = maxRetry
  }

  /// The wait before attempt `failures + 1`, after `failures` failed attempts (≥ 1).
  package func retryDelay(after failures: Int) -> Int64 {
    var delay = firstRetry
    var count = 1
    while count < failures && delay < maxRetry {
      delay = delay > maxRetry / 2 ? maxRetry : delay * 2
      count += 1
    }
    return min(delay, maxRetry)
  }
}

/// `--exec CMD`: runs `/bin/sh -c CMD` once per finding, the finding's JSON line on its
/// standard input; exit status 0 means delivered. Findings wait in a queue served by a thread
/// of their own, in order, so the watch never waits on the command: a delivery that fails
/// (or takes longer than the timeout, and is killed) is tried again after a back-off, and the
/// findings after it wait behind it. The command's standard output goes to standard error.
package final class ExecSink: @unchecked Sendable {
  private let command: String
  private let settings: ExecSettings
  private let condition = NSCondition()
  /// Guarded by `condition`: the findings not yet delivered, the first being delivered.
  private var queue: [String] = []
  private var stopping = false
  private var stopAtFailure = false
  private var running = false
  private var deliveredCount = 0
  private var notices: [String] = []
  /// With `--state`: where each delivery is recorded as it is made (set before `start`).
  package var journal: DeliveryJournal?

  package init(command: String, settings: ExecSettings) {
    self.command = command
    self.settings = settings
  }

  /// What standard error should show since the last call (failed deliveries), taken on the
  /// watch's thread.
  package func takeNotices() -> [String] {
    condition.lock()
    defer { condition.unlock() }
    let taken = notices
    notices = []
    return taken
  }

  /// Starts the thread that delivers.
  package func start() {
    condition.lock()
    running = true
    condition.unlock()
    let thread = Thread { [self] in serve() }
    thread.name = "vigil-exec"
    thread.start()
  }

  /// Queues findings (JSON lines, without their newline), after those queued before.
  package func enqueue(_ lines: [String]) {
    guard !lines.isEmpty else { return }
    condition.lock()
    queue += lines
    condition.broadcast()
    condition.unlock()
  }

  /// The findings not yet delivered, in order (the one being delivered first).
  package var pending: [String] {
    condition.lock()
    defer { condition.unlock() }
    return queue
  }

  /// The findings not yet delivered and how many were, read together (for a checkpoint).
  package var progress: (pending: [String], delivered: Int) {
    condition.lock()
    defer { condition.unlock() }
    return (queue, deliveredCount)
  }

  /// After a checkpoint: the journal keeps only the latest count (what comes after it).
  package func checkpointed() {
    condition.lock()
    defer { condition.unlock() }
    journal?.restart(deliveredCount)
  }

  /// How many findings were delivered.
  package var delivered: Int {
    condition.lock()
    defer { condition.unlock() }
    return deliveredCount
  }

  /// Delivers what is queued until the queue is empty or a delivery fails (not retried), then
  /// stops the thread. Returns what was not delivered.
  package func finish() -> [String] {
    condition.lock()
    stopAtFailure = true
    condition.broadcast()
    while running { condition.wait() }
    defer { condition.unlock() }
    return queue
  }

  /// Waits until the queue is empty, at most `milliseconds`; whether it is.
  package func waitUntilEmpty(milliseconds: Int64) -> Bool {
    let deadline = Date().addingTimeInterval(Double(milliseconds) / 1000)
    condition.lock()
    defer { condition.unlock() }
    while !queue.isEmpty {
      if !condition.wait(until: deadline) { return queue.isEmpty }
    }
    return true
  }

  private func serve() {
    // A command that exits without reading its input must not end the watch: on this thread
    // only, a write to its closed pipe fails instead of raising SIGPIPE.
    var blocked = sigset_t()
    sigemptyset(&blocked)
    sigaddset(&blocked, SIGPIPE)
    pthread_sigmask(SIG_BLOCK, &blocked, nil)
    var failures = 0
    while true {
      condition.lock()
      while queue.isEmpty && !stopAtFailure { condition.wait() }
      guard let line = queue.first else {
        running = false
        condition.broadcast()
        condition.unlock()
        return
      }
      condition.unlock()
      if let failure = run(line) {
        failures += 1
        let delay = settings.retryDelay(after: failures)
        let deadline = Date().addingTimeInterval(Double(delay) / 1000)
        condition.lock()
        notices.append("vigil watch: --exec failed (\(failure))\n")
        while !stopAtFailure && condition.wait(until: deadline) {}
        if stopAtFailure {
          running = false
          condition.broadcast()
          condition.unlock()
          return
        }
        condition.unlock()
        continue
      }
      failures = 0
      condition.lock()
      // Recorded before it counts: a checkpoint read with it counts it too.
      journal?.record(deliveredCount + 1)
      queue.removeFirst()
      deliveredCount += 1
      condition.broadcast()
      condition.unlock()
    }
  }

  /// Runs the command with `line` on its standard input: nil when it exited with 0, else why
  /// not. The command runs in a process group of its own, killed whole at the timeout.
  private func run(_ line: String) -> String? {
    var pipes: [Int32] = [-1, -1]
    // Closed on exec: a process another thread starts meanwhile must not keep the pipe's
    // write end open (the command would never see its input end). The command's standard
    // input, a duplicate, stays open. (Glibc's module has no pipe2: set just after.)
    let made = pipe(&pipes)
    if made == 0 { for end in pipes { _ = fcntl(end, F_SETFD, FD_CLOEXEC) } }
    guard made == 0 else {
      return "cannot make a pipe: \(String(cString: strerror(errno)))"
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, pipes[0], 0)
    posix_spawn_file_actions_adddup2(&actions, 2, 1)
    posix_spawn_file_actions_addclose(&actions, pipes[1])
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    posix_spawnattr_setsigmask(&attributes, &unblocked)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK))
    let arguments: [UnsafeMutablePointer<CChar>?] = [
      strdup("/bin/sh"), strdup("-c"), strdup(command),
    ]
    defer { for argument in arguments { free(argument) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, arguments + [nil], environ)
    close(pipes[0])
    guard spawned == 0 else {
      close(pipes[1])
      return "cannot run /bin/sh: \(String(cString: strerror(spawned)))"
    }
    // The line goes in as far as the pipe takes it without waiting: a command that does not
    // read its input must not hold the sink.
    _ = fcntl(pipes[1], F_SETFL, fcntl(pipes[1], F_GETFL) | O_NONBLOCK)
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(pipes[1], $0.baseAddress, $0.count) }
    close(pipes[1])
    return wait(for: pid)
  }

  /// Waits for the command `pid` to end, at most the timeout (then kills its process group).
  private func wait(for pid: pid_t) -> String? {
    let deadline = Date().addingTimeInterval(Double(settings.timeout) / 1000)
    var status: Int32 = 0
    while waitpid(pid, &status, WNOHANG) == 0 {
      if Date() >= deadline {
        kill(-pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        return "it took longer than \(formatDelay(settings.timeout)) and was killed"
      }
      usleep(2000)
    }
    let signal = status & 0x7f
    if signal != 0 { return "killed by signal \(signal)" }
    let code = (status >> 8) & 0xff
    return code == 0 ? nil : "exit status \(code)"
  }

  private func formatDelay(_ milliseconds: Int64) -> String {
    milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
  }
}
