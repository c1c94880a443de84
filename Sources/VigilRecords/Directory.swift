import VigilCore

/// The people an audit can name: each person's team, role, manager and email, read from a
/// CSV or JSON Lines file (`vigil audit --directory people.csv`). Policies reach it through
/// relations (`manager of owner`, `lead of team`); reports roll violations up by team and up
/// the manager chain.
public final class Directory: Sendable {
  /// One person.
  public struct Person: Sendable, Hashable {
    /// The name records use for the person (`owner`, `assignee`…).
    public var name: String
    public var team: String?
    public var role: String?
    /// The person's manager's name.
    public var manager: String?
    public var email: String?

    /// A person.
    public init(
      name: String, team: String? = nil, role: String? = nil, manager: String? = nil,
      email: String? = nil
    ) {
      self.name = name
      self.team = team
      self.role = role
      self.manager = manager
      self.email = email
    }
  }

  /// The people, in the order given.
  public let people: [Person]
  private let byName: [String: Int]
  /// Each team's lead: its first person whose role is `lead`.
  private let leads: [String: String]

  /// A directory of `people`; a name given twice is an error.
  public init(people: [Person]) throws(DirectoryError) {
    var byName: [String: Int] = [:]
    var leads: [String: String] = [:]
    for (index, person) in people.enumerated() {
      if byName[person.name] != nil {
        throw DirectoryError("'\(person.name)' is listed twice")
      }
      byName[person.name] = index
      if let team = person.team, person.role?.lowercased() == "lead", leads[team] == nil {
        leads[team] = person.name
      }
    }
    self.people = people
    self.byName = byName
    self.leads = leads
  }

  /// The person named `name`, if listed.
  package func person(_ name: String) -> Person? {
    byName[name].map { people[$0] }
  }

  /// The lead of `team`, if it has one.
  package func lead(of team: String) -> String? { leads[team] }

  /// Whether some person is in the team named `name`.
  package func isTeam(_ name: String) -> Bool {
    people.contains { $0.team == name }
  }

  /// The managers above `name`, nearest first, stopping before a name repeats (a loop in the
  /// file) or at someone not listed.
  package func managers(of name: String) -> [String] {
    var chain: [String] = []
    var seen: Set<String> = [name]
    var current = name
    while let manager = person(current)?.manager, !manager.isEmpty, !seen.contains(manager) {
      chain.append(manager)
      seen.insert(manager)
      current = manager
    }
    return chain
  }
}

/// A directory file that cannot be used, and why.
public struct DirectoryError: Error, Sendable, Equatable {
  /// What is wrong, with the file and line when known.
  public var message: String

  package init(_ message: String) {
    self.message = message
  }
}

extension Directory {
  /// The columns (or JSON keys) a directory file has; `person` is required.
  package static let fields = ["person", "team", "role", "manager", "email"]

  /// Reads a directory from `input` (`name` is the file's name for messages).
  ///
  /// A line (JSON Lines) or record (CSV) longer than `maxLineBytes` is an error, and is not
  /// read whole into memory: it is skipped as it is read. `limitOption` is the option that
  /// sets the limit, which the error names (`vigil audit` gives `--max-line-bytes`); by
  /// default none, and the error names only the limit.
  public static func read(
    input: ByteInput, format: InputFormat, name: String,
    maxLineBytes: Int = LineLimit.defaultBytes, limitOption: String? = nil
  ) throws(DirectoryError) -> Directory {
    let layout = RecordLayout(fields.map { FieldPath($0) })
    var reader: any RecordReader
    if format == .csv {
      let csv = CSVReader(input: input, layout: layout)
      csv.maxLineBytes = maxLineBytes
      csv.limitOption = limitOption
      if case .rejected(let line, let reason) = csv.readHeader() {
        throw DirectoryError("\(name):\(line): \(reason)")
      }
      guard csv.columns.contains("person") else {
        throw DirectoryError(
          "\(name):1: a directory needs a 'person' column (and may have team, role, manager, email)"
        )
      }
      reader = csv
    } else {
      let json = JSONLinesReader(input: input, layout: layout)
      json.maxLineBytes = maxLineBytes
      json.limitOption = limitOption
      reader = json
    }
    var people: [Person] = []
    var lines: [String: Int] = [:]
    while let item = reader.next() {
      switch item {
      case .rejected(let line, let reason):
        throw DirectoryError("\(name):\(line): \(reason)")
      case .record(let record):
        func text(_ slot: Int) -> String? {
          switch record.values[slot] {
          case .text(let text) where !text.isEmpty: return text
          case .number(let number): return Operations.formatNumber(number)
          default: return nil
          }
        }
        guard let person = text(0) else {
          throw DirectoryError("\(name):\(record.line): this entry has no person")
        }
        if let first = lines[person] {
          throw DirectoryError(
            "\(name):\(record.line): '\(person)' is listed twice (first at line \(first))")
        }
        lines[person] = record.line
        people.append(
          Person(name: person, team: text(1), role: text(2), manager: text(3), email: text(4)))
      }
    }
    if let error = input.readError { throw DirectoryError("\(name): \(error.message)") }
    return try Directory(people: people)
  }
}
