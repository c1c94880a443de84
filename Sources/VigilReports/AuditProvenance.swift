import VigilCore
import VigilRecords

/// Where an audit's report came from: the instant it judged as of and how it was chosen, the
/// policy files and their digest, the data files and the directory read, and the version of
/// Vigil. Every report renders it (``AuditSummary``), so a report handed on says what it is
/// a report of.
package struct AuditProvenance: Sendable, Hashable {
  /// How the audit's `now` was chosen.
  package enum NowSource: Sendable, Hashable {
    /// The caller gave an instant (the text as typed) with the setting `by` (the command
    /// line's `--now`).
    case given(String, by: String)
    /// The caller gave a date (the text as typed) with the setting `by`: the start of that
    /// day in UTC.
    case date(String, by: String)
    /// None given: the system clock when the audit started.
    case clock

    /// `given`, `date` or `clock`, as the JSON and CSV reports name it.
    package var name: String {
      switch self {
      case .given: return "given"
      case .date: return "date"
      case .clock: return "clock"
      }
    }

    /// The text given, if any.
    package var text: String? {
      switch self {
      case .given(let text, _), .date(let text, _): return text
      case .clock: return nil
      }
    }

    /// How the text summary says it: `given: --now 2026-11-25, the start of that day in UTC`.
    package var description: String {
      switch self {
      case .given(let text, let setting): return "given: \(setting) \(text)"
      case .date(let text, let setting):
        return "given: \(setting) \(text), the start of that day in UTC"
      case .clock: return "from the clock"
      }
    }
  }

  /// A file of records (or the people directory) as read: its name, its size and its lines.
  package struct DataFile: Sendable, Hashable {
    /// The path as given (`stdin` for standard input).
    package var path: String
    /// The bytes read (the whole file, unless `--strict` stopped the audit early).
    package var bytes: Int
    /// The lines in those bytes, as `wc -l` counts them, and a last line without a line feed.
    package var lines: Int

    /// A file read as `path`.
    package init(path: String, bytes: Int, lines: Int) {
      self.path = path
      self.bytes = bytes
      self.lines = lines
    }

    /// `examples/months.jsonl (81234 bytes, 246 lines)`.
    package var description: String {
      "\(path) (\(bytes) \(bytes == 1 ? "byte" : "bytes"), \(lines) \(lines == 1 ? "line" : "lines"))"
    }
  }

  /// Vigil's version (`VigilCLI.version`).
  package var version: String
  /// How `now` was chosen.
  package var nowSource: NowSource
  /// The policy files, and their content digest.
  package var policies: PolicyDigest
  /// The data files, in the order read.
  package var data: [DataFile]
  /// The people directory, if one was read.
  package var directory: DataFile?
  /// When the report was made (milliseconds since 1970), when the report says.
  package var generatedAt: Int64?

  /// The provenance of an audit.
  package init(
    version: String, nowSource: NowSource, policies: PolicyDigest, data: [DataFile] = [],
    directory: DataFile? = nil
  ) {
    self.version = version
    self.nowSource = nowSource
    self.policies = policies
    self.data = data
    self.directory = directory
  }
}

extension AuditProvenance.DataFile {
  /// What was read of `input`, named `path`.
  package init(path: String, input: ByteInput) {
    self.init(path: path, bytes: input.bytesRead, lines: input.linesRead)
  }
}
