import Foundation
import Testing

@testable import VigilLSP

/// A did-you-mean that names no definition or calendar is related information at the
/// diagnostic's own place.
@Suite("LSP did-you-mean")
struct DidYouMeanTests {
  @Test func aSuggestedSeverityIsSaidWhereTheDiagnosticIs() throws {
    let harness = try ServerHarness()
    harness.initialize()
    harness.open("s.vigil", "policy p:\n  x > 1 → flag\n  severity: hgh\n")
    #expect(
      harness.publishAll() == [
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/s.vigil","version":1,"diagnostics":[{"range":{"start":{"line":2,"character":12},"end":{"line":2,"character":15}},"severity":1,"code":"unknown-severity","source":"vigil","message":"unknown severity 'hgh'\nhelp: did you mean 'high'? severities are low, medium, high and critical","relatedInformation":[{"location":{"uri":"file:///WS/s.vigil","range":{"start":{"line":2,"character":12},"end":{"line":2,"character":15}}},"message":"did you mean 'high'?"}],"data":{"replacement":"high"}}]}}"#
      ])
  }
}
