import Foundation
import Testing
import VigilCore
import VigilEvaluation

@testable import Vigil

/// The stages know no command line: a message that advises changing a setting names it only
/// as the caller names it (`vigil` names its options; `GoldenTests` shows them). Through the
/// embedding API, which names none, the messages name only what to change.
@Suite("Settings as the caller names them")
struct CallerSettingsTests {
  static let now: Int64 = 1_795_564_800_000

  @Test func aPolicyFileOutsideTheRootNamesNoOption() throws {
    let folder = try temporaryFolder("settings")
    defer { try? FileManager.default.removeItem(at: folder) }
    let inside = folder.appendingPathComponent("root")
    try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent("p.vigil")
    try "x == 1 → flag\n".write(to: file, atomically: true, encoding: .utf8)
    let error = try #require(throws: Diagnostics.self) {
      _ = try PolicySet(contentsOf: [file.path], root: inside.path)
    }
    #expect(
      error.all.map(\.message) == [
        "\(file.path) is outside the root folder \(inside.path): give a root that holds"
          + " every policy file"
      ])
  }

  @Test func aLongLineNamesOnlyTheLimit() throws {
    let policies = try PolicySet(source: "x == 1 → flag\n")
    var reasons: [String] = []
    _ = policies.audit(
      input: ByteInput(string: #"{"x":1,"pad":"0123456789"}"# + "\n"), format: .jsonl,
      name: "in", now: Self.now, idField: FieldPath("id"), maxLineBytes: 10,
      handler: AuditHandler(
        violation: { _ in },
        rejection: { rejection in
          reasons.append(rejection.reason)
          return true
        }, dataError: { _ in }))
    #expect(reasons == ["the line is 26 bytes long, more than the 10 bytes a line may have"])
  }

  @Test func anIDFieldNoRecordHasNamesNoOption() throws {
    let policies = try PolicySet(source: "x == 1 → flag\n")
    var options = AuditOptions(now: Self.now, idField: FieldPath("ticket"))
    options.idFieldGiven = true
    var warnings: [String] = []
    _ = policies.audit(
      input: ByteInput(string: #"{"id":"a","x":1}"# + "\n"), format: .jsonl, name: "in",
      options: options,
      handler: AuditHandler(
        violation: { _ in }, rejection: { _ in true }, dataError: { _ in },
        warning: { warnings.append($0.message) }))
    #expect(
      warnings == [
        "the id field 'ticket' is in no record of in; name the field that identifies a record"
      ])
  }

  @Test func aDirectoryRelationWithoutADirectoryAsksForOne() throws {
    let policies = try PolicySet(source: "manager of owner is missing → flag\n")
    let audit = policies.audit(
      [["id": .text("a"), "owner": .text("kim")]], now: Date(timeIntervalSince1970: 0))
    #expect(
      audit.dataErrors.map { "\($0.error.message) (\($0.error.help ?? ""))" } == [
        "no people directory was given (give the audit a people directory)"
      ])
  }
}
