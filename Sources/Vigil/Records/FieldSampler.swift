/// Lists the fields an input's records have, to check a policy's field names against them.
public enum FieldSampler {
  /// The paths of the fields in `input`, sorted and distinct.
  ///
  /// For JSON Lines: every path seen in the first `limit` non-blank lines, nested objects'
  /// paths included (`customer` and `customer.tier`); malformed lines count towards `limit`
  /// but add nothing. For CSV: the header's columns, each split at its dots (the column
  /// `customer.tier` is the path `customer.tier`, as a layout path matches it).
  public static func fieldNames(input: ByteInput, format: InputFormat, limit: Int) -> [FieldPath] {
    switch format {
    case .jsonl: jsonFieldNames(input: input, limit: limit)
    case .csv: csvFieldNames(input: input)
    }
  }

  private static func jsonFieldNames(input: ByteInput, limit: Int) -> [FieldPath] {
    var lines = LineSplitter(input: input, skipsByteOrderMark: true)
    var paths: Set<FieldPath> = []
    var sampled = 0
    while sampled < limit, let line = lines.nextLine() {
      if JSONParser.isBlank(line.bytes) { continue }
      sampled += 1
      var parser = JSONParser(bytes: line.bytes)
      guard let object = try? parser.parseLine() else { continue }
      collectPaths(of: object, under: [], into: &paths)
    }
    return paths.sorted()
  }

  /// Adds the path of every member of `object`, and of the members of nested objects.
  private static func collectPaths(
    of object: [String: Value], under prefix: [String], into paths: inout Set<FieldPath>
  ) {
    for (key, value) in object {
      let path = prefix + [key]
      paths.insert(FieldPath(path))
      if case .record(let members) = value {
        collectPaths(of: members, under: path, into: &paths)
      }
    }
  }

  private static func csvFieldNames(input: ByteInput) -> [FieldPath] {
    let reader = CSVReader(input: input, layout: RecordLayout())
    _ = reader.readHeader()
    let paths = reader.columns.map { column in
      FieldPath(column.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
    }
    return Set(paths).sorted()
  }
}

extension JSONParser {
  /// Parses a whole line holding one object into its members.
  mutating func parseLine() throws(JSONSyntaxError) -> [String: Value] {
    skipWhitespace()
    guard current == RecordByte.openingBrace else { throw notAnObject() }
    let object = try parseObject(depth: 1)
    try expectEndOfLine()
    guard case .record(let members) = object else { return [:] }
    return members
  }
}
