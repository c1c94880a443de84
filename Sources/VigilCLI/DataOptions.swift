import Vigil

/// Opening data files and telling their format.
enum DataOptions {
  /// The format of `path`: `--input-format` if given, else by extension.
  static func format(of path: String, _ option: String?) throws(UsageError) -> InputFormat {
    if let option {
      guard let format = InputFormat(rawValue: option) else {
        throw UsageError("--input-format must be jsonl or csv, not '\(option)'")
      }
      return format
    }
    if path == "-" {
      throw UsageError("standard input has no extension: add --input-format jsonl or csv")
    }
    guard let format = InputFormat(path: path) else {
      throw UsageError(
        "cannot tell the format of '\(path)' (.jsonl, .ndjson, .json or .csv): "
          + "add --input-format jsonl or csv")
    }
    return format
  }

  /// The bytes of `path`, or of standard input for `-`.
  static func open(_ path: String, _ context: CommandContext) throws(UsageError) -> ByteInput {
    if path == "-" { return context.stdin ?? ByteInput(fileDescriptor: 0) }
    do {
      return try ByteInput(path: path)
    } catch {
      throw UsageError(error.message)
    }
  }
}
