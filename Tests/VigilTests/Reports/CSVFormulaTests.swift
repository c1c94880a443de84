import Foundation
import Testing
import VigilReports

@testable import Vigil

/// CSV reports are opened in spreadsheets: a cell from a record or a policy that begins like
/// a formula (`=`, `+`, `-`, `@`, a tab or a carriage return, as OWASP lists) is written with
/// a leading `'`, so it is shown as text and never run; a cell with a comma, quote or line
/// break is quoted. JSON strings are escaped.
@Suite("CSV cells are never formulas; JSON strings stay strings")
struct CSVFormulaTests {
  @Test(
    arguments: [
      ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
      ("=1+2", "'=1+2"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
      ("a,b", "\"a,b\""), ("line\nbreak", "\"line\nbreak\""), ("plain", "plain"),
      ("a=b", "a=b"), ("", ""), ("\t=1+2", "'\t=1+2"), ("\r=1+2", "\"'\r=1+2\""),
      ("\t", "'\t"), ("\r", "\"'\r\""), ("a\t=1", "a\t=1"), ("\n=1", "\"\n=1\""),
    ])
  func cell(_ text: String, _ written: String) {
    #expect(CSVText.cell(text) == written)
  }

  /// A JSON string holds any text: a record cannot end it early, add a field or a line.
  @Test(
    arguments: [
      ("plain", #""plain""#), (#"a"b\c"#, #""a\"b\\c""#),
      ("x\",\"admin\":true", #""x\",\"admin\":true""#),
      ("line\nbreak\r\t", #""line\nbreak\r\t""#), ("\u{1}\u{1F}", #""\u0001\u001f""#),
    ])
  func jsonString(_ text: String, _ written: String) {
    #expect(JSONText.quote(text) == written)
  }

  @Test("an audit's CSV report neutralises hostile ids and parties")
  func auditReport() throws {
    let policies = try PolicySet(
      source: "policy p:\n  owner is present → notify owner\n", file: "p.vigil")
    let records = """
      {"id":"=HYPERLINK(\\"http://x\\")","owner":"@SUM(A1)"}
      {"id":"+1","owner":"-2"}
      {"id":"\\t=1","owner":"\\r@x"}
      """
    let audit = policies.audit(jsonLines: records, now: Date(timeIntervalSince1970: 1.8e9))
    let writer = ViolationWriter(format: .csv)
    let rows = audit.violations.map { violation in
      var bytes: [UInt8] = []
      writer.writeCSV(violation, to: &bytes)
      return String(decoding: bytes, as: UTF8.self)
    }
    #expect(
      rows == [
        #"p,p.vigil:2,"'=HYPERLINK(""http://x"")",'@SUM(A1),notify,'@SUM(A1),medium,,,,,,,"#,
        "p,p.vigil:2,'+1,'-2,notify,'-2,medium,,,,,,,",
        "p,p.vigil:2,'\t=1,\"'\r@x\",notify,\"'\r@x\",medium,,,,,,,",
      ])
  }
}
