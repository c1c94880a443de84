import Testing
import VigilCore
import VigilReports

/// The buffer reports are written into on the hot path: it grows, truncates and hands its
/// bytes on exactly as an array would, and the writers give the same bytes into either.
@Suite struct ByteBufferTests {
  @Test("appends past its capacity, one byte and many at a time, and truncates")
  func growsAndTruncates() {
    var buffer = ByteBuffer(capacity: 16)
    var array: [UInt8] = []
    for index in 0..<100 {
      let text = String(repeating: "x", count: index % 7) + "é\(index)"
      buffer.append(text)
      array.append(text)
      buffer.append(UInt8(ascii: ","))
      array.append(UInt8(ascii: ","))
    }
    #expect(buffer.array() == array)
    let count = buffer.count
    #expect(count == array.count)
    buffer.truncate(to: 5)
    array.truncate(to: 5)
    #expect(buffer.array() == array)
    let tail = buffer.withWritten(from: 2) { Array($0) }
    #expect(tail == Array(array[2...]))
    buffer.truncate(to: 0)
    let isEmpty = buffer.isEmpty
    #expect(isEmpty)
    #expect(buffer.array() == [])
  }

  @Test(
    "a cell sealed in a buffer is the cell sealed in an array",
    arguments: ["plain", "=1+2", "a,b", "say \"hi\"", "line\nbreak", "-5", ""])
  func sealsAlike(_ text: String) {
    var buffer = ByteBuffer(capacity: 16)
    var array: [UInt8] = []
    buffer.append("head,")
    array.append("head,")
    buffer.append(text)
    array.append(text)
    CSVText.seal(from: 5, in: &buffer)
    CSVText.seal(from: 5, in: &array)
    #expect(buffer.array() == array)
    #expect(String(decoding: array, as: UTF8.self) == "head," + CSVText.cell(text))
    var json = ByteBuffer(capacity: 16)
    json.append(text)
    JSONText.seal(from: 0, in: &json)
    #expect("\"" + String(decoding: json.array(), as: UTF8.self) + "\"" == JSONText.quote(text))
  }
}
