import Testing
import VigilCore
import VigilRecords

@testable import Vigil

@Suite("FieldSampler")
struct FieldSamplerTests {
  @Test("the JSON field sampler lists every path in the first records, nested ones too")
  func jsonLines() {
    let text = """
      {"id":1,"customer":{"tier":"gold","address":{"city":"Oslo"}},"tags":[{"x":1}]}

      not json
      {"id":2,"owner":"ann","a.b":true}
      {"late":1}
      """
    let all = FieldSampler.fieldNames(input: ByteInput(string: text), format: .jsonl, limit: 100)
    #expect(
      all == [
        FieldPath(["a.b"]), FieldPath(["customer"]), FieldPath(["customer", "address"]),
        FieldPath(["customer", "address", "city"]), FieldPath(["customer", "tier"]),
        FieldPath(["id"]), FieldPath(["late"]), FieldPath(["owner"]), FieldPath(["tags"]),
      ])
    let firstThree = FieldSampler.fieldNames(
      input: ByteInput(string: text), format: .jsonl, limit: 3)
    #expect(firstThree == all.filter { $0 != FieldPath(["late"]) })
    let none = FieldSampler.fieldNames(input: ByteInput(string: text), format: .jsonl, limit: 0)
    #expect(none == [])
  }

  @Test("the CSV field sampler lists the header's columns, sorted")
  func csvHeader() {
    let text = "\u{FEFF}Status,customer.tier,Created Date,a..b,Status\n1,2,3,4,5\n"
    let paths = FieldSampler.fieldNames(input: ByteInput(string: text), format: .csv, limit: 10)
    #expect(
      paths == [
        FieldPath(["Created Date"]), FieldPath(["Status"]), FieldPath(["a", "", "b"]),
        FieldPath(["customer", "tier"]),
      ])
    #expect(FieldSampler.fieldNames(input: ByteInput(string: ""), format: .csv, limit: 10) == [])
  }
}
