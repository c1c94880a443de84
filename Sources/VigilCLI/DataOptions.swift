import Vigil
import VigilCore
import VigilRecords
import VigilReports

/// Opening data files and telling their format.
enum DataOptions {
  /// The format of `path`: `--input-format` if given, else by extension; nil for standard
  /// input (`-`), whose first bytes tell (`format(_:of:)`).
  static func format(of path: String, _ option: String?) throws(UsageError) -> InputFormat? {
    if let option {
      guard let format = InputFormat(rawValue: option) else {
        throw UsageError("--input-format must be jsonl or csv, not '\(option)'")
      }
      return format
    }
    if path == "-" { return nil }
    guard let format = InputFormat(path: path) else {
      throw UsageError(
        "cannot tell the format of '\(path)' (.jsonl, .ndjson, .json or .csv): "
          + "add --input-format jsonl or csv")
    }
    return format
  }

  /// `format`, or the one `input` begins with when none was given (standard input without
  /// `--input-format`): JSON Lines when its first byte that is not white space is `{`, else
  /// CSV.
  static func format(_ format: InputFormat?, of input: ByteInput) -> InputFormat {
    format ?? InputFormat.sniffed(from: input)
  }

  /// The bytes of `path`, or of standard input for `-`; `what` names the file in the error
  /// when it cannot be opened (`the data file 'x.jsonl': No such file or directory`).
  static func open(
    _ path: String, _ context: CommandContext, what: String = "data file"
  ) throws(UsageError) -> ByteInput {
    if path == "-" { return context.stdin ?? ByteInput(fileDescriptor: 0) }
    do {
      return try ByteInput(path: path)
    } catch {
      throw .unreadable("cannot read the \(what) '\(path)': \(error.reason)")
    }
  }

  /// The options that say how records are read and judged, as `audit` reads them.
  static let readingOptions = [
    NowOption.spec,
    OptionSpec(
      name: "id", value: "FIELD", help: "The field that identifies a record (default: id)."),
    inputFormatSpec,
    directorySpec,
    maxLineBytesSpec,
  ]

  /// `--input-format jsonl|csv`.
  static let inputFormatSpec = OptionSpec(
    name: "input-format", value: "jsonl|csv", help: "The data's format, if not by extension.")

  /// `--directory FILE`: the people directory.
  static let directorySpec = OptionSpec(
    name: "directory", value: "FILE",
    help: "People: person, team, role, manager, email (CSV or JSON Lines).")

  /// `--max-line-bytes BYTES`.
  /// The option that sets the longest record, as the stages' messages name it.
  static let limitOption = "--max-line-bytes"
  /// The option that names the id field, as the stages' messages name it.
  static let idOption = "--id"

  static let maxLineBytesSpec = OptionSpec(
    name: "max-line-bytes", value: "BYTES",
    help: "Reject longer lines and CSV records (data, --directory), unread"
      + " (default: 67108864, 64 MiB).")

  /// `--max-line-bytes BYTES`: a positive number of bytes (default `LineLimit.defaultBytes`).
  static func maxLineBytes(_ text: String?) throws(UsageError) -> Int {
    guard let text else { return LineLimit.defaultBytes }
    guard let bytes = Int(text), bytes >= 1 else {
      throw UsageError("--max-line-bytes must be a positive number of bytes, not '\(text)'")
    }
    return bytes
  }

  /// `--id FIELD` (default `id`), a dotted path.
  static func idField(_ arguments: Arguments) -> FieldPath {
    FieldPath((arguments.value("id") ?? "id").split(separator: ".").map(String.init))
  }

  /// `--format text|json` (default text), for the commands that write no CSV.
  static func textOrJSON(_ text: String?) throws(UsageError) -> ReportFormat {
    switch text {
    case nil, "text": return .text
    case "json": return .json
    case let other?: throw UsageError("--format must be text or json, not '\(other)'")
    }
  }
}
