import Foundation

/// A program started as a shell starts one: no signal blocked or ignored (a test runner's
/// threads block some, and `Process` passes that on), standard output and error discarded.
final class ChildProcess {
  let pid: pid_t
  /// How it ended, once it did.
  private var ending: Ending?

  /// Starts `program` with `arguments`.
  init(_ program: URL, _ arguments: [String]) throws {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for descriptor: Int32 in [1, 2] {
      posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
    }
    let argv = ([program.path] + arguments).map { strdup($0) } + [nil]
    defer { for argument in argv { free(argument) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, program.path, &actions, &attributes, argv, environ)
    guard status == 0 else {
      throw Failure("cannot start \(program.path): \(String(cString: strerror(status)))")
    }
    self.pid = pid
  }

  /// Whether it still runs.
  var isRunning: Bool {
    guard ending == nil else { return false }
    var status: Int32 = 0
    guard waitpid(pid, &status, WNOHANG) == pid else { return true }
    ending = Self.ending(status)
    return false
  }

  /// How it ended.
  enum Ending: Equatable {
    case exit(Int32)
    case signal(Int32)
  }

  /// Waits for it to end.
  func wait() -> Ending {
    if let ending { return ending }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let ended = Self.ending(status)
    ending = ended
    return ended
  }

  /// Kills it if it still runs (a test that failed midway leaves nothing running).
  func stop() {
    if isRunning {
      kill(pid, SIGKILL)
      _ = wait()
    }
  }

  /// WIFEXITED, WEXITSTATUS and WTERMSIG, which Swift does not import.
  private static func ending(_ status: Int32) -> Ending {
    status & 0x7F == 0 ? .exit((status >> 8) & 0xFF) : .signal(status & 0x7F)
  }
}
