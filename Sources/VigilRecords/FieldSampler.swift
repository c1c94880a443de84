import VigilCore

/// What a sample of an input says about its fields.
package struct FieldSample: Sendable, Equatable {
  /// The paths of the fields, sorted and distinct.
  package var fields: [FieldPath] = []
  /// The fields whose every present sampled value is a text that does not read as a number
  /// (`"high"`, `"low"`), each with its first three distinct values.
  package var textFields: [FieldPath: [String]] = [:]
}

/// Lists the fields an input's records have, to check a policy's field names against them.
package enum FieldSampler {
  /// The paths of the fields in `input`, sorted and distinct.
  ///
  /// For JSON Lines: every path seen in the first `limit` non-blank lines, nested objects'
  /// paths included (`customer` and `customer.tier`); malformed lines count towards `limit`
  /// but add nothing. For CSV: the header's columns, each split at its dots (the column
  /// `customer.tier` is the path `customer.tier`, as a layout path matches it).
  package static func fieldNames(input: ByteInput, format: InputFormat, limit: Int) -> [FieldPath] {
    sample(input: input, format: format, limit: limit).fields
  }

  /// The fields of `input` (as `fieldNames` lists them) and what their values are, read from
  /// the first `limit` records (for CSV, the first `limit` lines after the header).
  package static func sample(input: ByteInput, format: InputFormat, limit: Int) -> FieldSample {
    switch format {
    case .jsonl: jsonSample(input: input, limit: limit)
    case .csv: csvSample(input: input, limit: limit)
    }
  }

  /// What the sampled values of one field were.
  private struct Kinds {
    var texts: [String] = []
    var sawText = false
    /// A number, a text reading as one, a truth value, a list or an object.
    var sawOther = false

    mutating func add(_ value: Value) {
      switch value {
      case .null: break
      case .text(let text) where NumberText.number(text) == nil:
        sawText = true
        if texts.count < 3 && !texts.contains(text) { texts.append(text) }
      default: sawOther = true
      }
    }
  }

  private static func textFields(_ kinds: [FieldPath: Kinds]) -> [FieldPath: [String]] {
    kinds.filter { $0.value.sawText && !$0.value.sawOther }.mapValues(\.texts)
  }

  private static func jsonSample(input: ByteInput, limit: Int) -> FieldSample {
    var lines = LineSplitter(input: input, skipsByteOrderMark: true)
    var kinds: [FieldPath: Kinds] = [:]
    var sampled = 0
    while sampled < limit, let line = lines.nextLine() {
      if JSONParser.isBlank(line.bytes) { continue }
      sampled += 1
      var parser = JSONParser(bytes: line.bytes)
      guard let object = try? parser.parseLine() else { continue }
      collectPaths(of: object, under: [], into: &kinds)
    }
    return FieldSample(fields: kinds.keys.sorted(), textFields: textFields(kinds))
  }

  /// Adds the path of every member of `object`, and of the members of nested objects.
  private static func collectPaths(
    of object: [String: Value], under prefix: [String], into kinds: inout [FieldPath: Kinds]
  ) {
    for (key, value) in object {
      let path = prefix + [key]
      kinds[FieldPath(path), default: Kinds()].add(value)
      if case .record(let members) = value {
        collectPaths(of: members, under: path, into: &kinds)
      }
    }
  }

  private static func csvSample(input: ByteInput, limit: Int) -> FieldSample {
    // The header and the first lines, read twice: for the columns, then for their cells.
    var lines = LineSplitter(input: input, skipsByteOrderMark: true)
    var bytes: [UInt8] = []
    while lines.lineNumber <= limit, let line = lines.nextLine() {
      bytes += line.bytes
      bytes.append(UInt8(ascii: "\n"))
    }
    let header = CSVReader(input: ByteInput(bytes: bytes), layout: RecordLayout())
    _ = header.readHeader()
    let paths = header.columns.map { column in
      FieldPath(column.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
    }
    let layout = RecordLayout(paths)
    var kinds: [FieldPath: Kinds] = [:]
    for path in layout.fields { kinds[path] = Kinds() }
    let reader = CSVReader(input: ByteInput(bytes: bytes), layout: layout)
    while let item = reader.next() {
      guard case .record(let record) = item else { continue }
      for (slot, value) in record.values.enumerated() {
        kinds[layout.fields[slot], default: Kinds()].add(value)
      }
    }
    return FieldSample(fields: Set(paths).sorted(), textFields: textFields(kinds))
  }
}

extension JSONParser {
  /// Parses a whole line holding one object into its members.
  package mutating func parseLine() throws(JSONSyntaxError) -> [String: Value] {
    skipWhitespace()
    guard current == RecordByte.openingBrace else { throw notAnObject() }
    let object = try parseObject(depth: 1)
    try expectEndOfLine()
    guard case .record(let members) = object else { return [:] }
    return members
  }
}
