#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The entry point libFuzzer calls with each input. One binary holds every target (the
/// library is compiled once for all of them); `VIGIL_FUZZ_TARGET` names the one to run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
  let bytes = UnsafeRawBufferPointer(start: count == 0 ? nil : start, count: count)
  FuzzTargets.selected(bytes)
  return 0
}

/// Called by libFuzzer once, before the first input: builds the selected target's shared
/// state (policy sets, zones), so that the leak checker, which compares the allocations
/// before and after each input, sees only what the input itself allocated.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
  _ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
  FuzzTargets.selected(UnsafeRawBufferPointer(start: nil, count: 0))
  return 0
}

/// The fuzz targets, by name.
enum FuzzTargets {
  static let all: [String: (UnsafeRawBufferPointer) -> Void] = [
    "policy": PolicyTextTarget.run,
    "jsonl": { RecordReaderTarget.run($0, format: .jsonl) },
    "csv": { RecordReaderTarget.run($0, format: .csv) },
    "time": TimeTarget.run,
    "regex": RegexTarget.run,
  ]

  /// The target `VIGIL_FUZZ_TARGET` names; a missing or unknown name ends the process.
  static let selected: (UnsafeRawBufferPointer) -> Void = {
    let name = getenv("VIGIL_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = all[name] else {
      let known = all.keys.sorted().joined(separator: ", ")
      fail("VIGIL_FUZZ_TARGET is '\(name)': set it to one of \(known) (Fuzz/run.sh does)")
    }
    return target
  }()
}

/// Reports a broken property and stops: libFuzzer saves the input as a crash.
func fail(_ message: String) -> Never {
  fputs("vigil fuzz: \(message)\n", stderr)
  abort()
}

/// The bytes as text (invalid UTF-8 repaired, as the readers of policy files never see it).
func text(_ bytes: some Collection<UInt8>) -> String {
  String(decoding: bytes, as: UTF8.self)
}
