import VigilCore
import VigilRecords

@testable import Vigil

/// Helpers shared by the record reader tests.
enum RecordReaderTestSupport {
  /// Block sizes that put block boundaries everywhere, and the real one.
  static let blockSizes = [1, 2, 3, 7, 64, 1 << 20]

  /// A path from its dotted form: `customer.tier` is `["customer", "tier"]`.
  static func path(_ dotted: String) -> FieldPath {
    FieldPath(dotted.split(separator: ".").map(String.init))
  }

  /// A layout of dotted paths.
  static func layout(_ dotted: [String]) -> RecordLayout {
    RecordLayout(dotted.map(path))
  }

  /// Every item `reader` yields, in order.
  static func items(of reader: some RecordReader) -> [RecordItem] {
    var reader = reader
    var items: [RecordItem] = []
    while let item = reader.next() {
      items.append(item)
    }
    return items
  }

  /// The items of JSON Lines `bytes` read through `layout`, `blockSize` bytes at a time.
  static func jsonItems(
    _ bytes: [UInt8], layout: RecordLayout, blockSize: Int = 1 << 20
  ) -> [RecordItem] {
    let input = ByteInput(bytes: bytes, blockSize: blockSize)
    return items(of: JSONLinesReader(input: input, layout: layout))
  }

  /// The items of JSON Lines `text` read through the dotted `fields`.
  static func jsonItems(_ text: String, _ fields: [String], blockSize: Int = 1 << 20)
    -> [RecordItem]
  {
    jsonItems(Array(text.utf8), layout: layout(fields), blockSize: blockSize)
  }

  /// The items of CSV `bytes` read through `layout`, `blockSize` bytes at a time.
  static func csvItems(
    _ bytes: [UInt8], layout: RecordLayout, blockSize: Int = 1 << 20
  ) -> [RecordItem] {
    let input = ByteInput(bytes: bytes, blockSize: blockSize)
    return items(of: CSVReader(input: input, layout: layout))
  }

  /// The items of CSV `text` read through the dotted `fields`.
  static func csvItems(_ text: String, _ fields: [String], blockSize: Int = 1 << 20)
    -> [RecordItem]
  {
    csvItems(Array(text.utf8), layout: layout(fields), blockSize: blockSize)
  }

  /// A record item.
  static func record(_ line: Int, _ values: [Value]) -> RecordItem {
    .record(InputRecord(line: line, values: values))
  }

  /// A file of the real exports' copies in `examples/data`.
  static func realDataPath(_ relative: String) -> String {
    Paths.realData.appendingPathComponent(relative).path
  }

  /// The values of the records in `items`, and the rejections, separately.
  static func split(_ items: [RecordItem]) -> (records: [InputRecord], rejected: [RecordItem]) {
    var records: [InputRecord] = []
    var rejected: [RecordItem] = []
    for item in items {
      if case .record(let record) = item {
        records.append(record)
      } else {
        rejected.append(item)
      }
    }
    return (records, rejected)
  }
}
