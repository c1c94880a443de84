import VigilCore
import VigilRecords

extension PolicySet {
  /// A reader of `input` in `format` that rejects records longer than `maxLineBytes`.
  static func reader(
    _ input: ByteInput, format: InputFormat, layout: RecordLayout, maxLineBytes: Int,
    limitOption: String? = nil
  ) -> any RecordReader {
    if format == .csv {
      let reader = CSVReader(input: input, layout: layout)
      reader.maxLineBytes = maxLineBytes
      reader.limitOption = limitOption
      return reader
    }
    let reader = JSONLinesReader(input: input, layout: layout)
    reader.maxLineBytes = maxLineBytes
    reader.limitOption = limitOption
    return reader
  }
}
