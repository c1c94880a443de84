import VigilCore
import VigilRecords
import VigilSemantics
import VigilSyntax

/// `textDocument/completion`: the keywords that may stand at the cursor (`CompletionContext`)
/// and, where an expression may, the set's definitions and calendars, builtins and aggregates
/// with how they are called, and the sample data's field names.
extension LanguageServer {
  /// The protocol's `CompletionItemKind` numbers used.
  enum CompletionKind {
    static let function = 3
    static let field = 5
    static let variable = 6
    static let keyword = 14
    static let event = 23
  }

  func completion(_ params: JSON) throws(ResponseError) -> JSON {
    let document = try document(params)
    let offset = document.lines.offset(of: try position(params))
    let analysis = analysis(document.uri)
    // After a dot: the sample's nested fields under the path before it.
    let before = document.bytes[..<offset]
    let word = before.reversed().prefix { Self.isNameByte($0) }.count
    let prefixEnd = offset - word
    if prefixEnd > 0 && document.bytes[prefixEnd - 1] == UInt8(ascii: ".") {
      let path = String(
        decoding: before[..<(prefixEnd - 1)].reversed().prefix {
          Self.isNameByte($0) || $0 == UInt8(ascii: ".")
        }
        .reversed(), as: UTF8.self)
      return ["isIncomplete": false, "items": .array(fields(under: path))]
    }
    let context = CompletionContext.at(document.bytes, offset: offset, wordStart: prefixEnd)
    var items: [JSON] = []
    var seen: Set<String> = []
    func add(_ label: String, _ kind: Int, _ detail: String?) {
      guard seen.insert(label).inserted else { return }
      var item: JSON = ["label": .string(label), "kind": JSON(kind)]
      if let detail { item = item.setting("detail", .string(detail)) }
      items.append(item)
    }
    if context.takesNames {
      if var analysis {
        for name in analysis.checker.definitionOrder {
          add(name, CompletionKind.variable, analysis.type(ofDefinition: name))
        }
        for file in analysis.files {
          for case .calendar(let calendar) in file.items {
            add(calendar.name, CompletionKind.event, "calendar")
          }
        }
      }
      for name in Builtin.names { add(name, CompletionKind.function, Builtin.usage(name)) }
      for name in AggregateKind.names {
        add(name, CompletionKind.function, AggregateKind.usage(name))
      }
      for name in fields(under: "").compactMap({ $0["label"]?.string }) {
        add(name, CompletionKind.field, "field of the sample")
      }
    }
    for keyword in context.keywords { add(keyword, CompletionKind.keyword, nil) }
    return ["isIncomplete": false, "items": .array(items)]
  }

  static func isNameByte(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
      || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
      || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
      || byte >= 0x80
  }

  /// The sample's fields directly under `path` (the top-level fields for ""), as items.
  func fields(under path: String) -> [JSON] {
    let depth = path.isEmpty ? 0 : path.split(separator: ".").count
    var names: [String] = []
    for field in loadSampleFields() {
      let parts = field.split(separator: ".", omittingEmptySubsequences: false)
      guard parts.count > depth, parts.prefix(depth).joined(separator: ".") == path,
        !names.contains(String(parts[depth]))
      else { continue }
      names.append(String(parts[depth]))
    }
    return names.map {
      ["label": .string($0), "kind": JSON(CompletionKind.field), "detail": "field of the sample"]
    }
  }

  /// The field paths of the sample data the settings name (read once).
  func loadSampleFields() -> [String] {
    if let known = sampleFields { return known }
    var found: [String] = []
    if let path = settings.sample {
      do {
        let format: InputFormat = path.lowercased().hasSuffix(".csv") ? .csv : .jsonl
        let sample = FieldSampler.sample(
          input: try ByteInput(path: path), format: format, limit: 1000)
        found = sample.fields.map(\.description)
      } catch {
        log("vigil lsp: cannot read the sample \(path): \(error.message)")
      }
    }
    sampleFields = found
    return found
  }
}
