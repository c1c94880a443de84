import XCTest

@testable import VigilCLI

/// The version, checked with XCTest as well, so both test runners report the suite.
final class VersionXCTests: XCTestCase {
  func testVersionIsPrintedAsSemanticVersion() {
    let out = StringSink()
    let err = StringSink()
    XCTAssertEqual(VigilCLI.run(["--version"], stdout: out, stderr: err), 0)
    XCTAssertEqual(out.text, "vigil \(VigilCLI.version)\n")
    XCTAssertEqual(VigilCLI.version.split(separator: ".").count, 3)
    XCTAssertEqual(err.text, "")
  }
}
