import Foundation
import Testing

/// The README's embedding example is `examples/embedding` word for word (which `.ci/run`
/// builds and runs), so what a developer copies from the README compiles.
@Suite("Embedding example")
struct EmbeddingExampleTests {
  @Test func theReadmeShowsTheExamplePackageWordForWord() throws {
    let readme = try String(
      contentsOf: Paths.root.appendingPathComponent("README.md"), encoding: .utf8)
    let example = try String(
      contentsOf: Paths.root.appendingPathComponent(
        "examples/embedding/Sources/Embedding/main.swift"), encoding: .utf8)
    let section = try #require(readme.range(of: "\n## Embedding\n"))
    let start = try #require(
      readme.range(of: "```swift\n", range: section.upperBound..<readme.endIndex))
    let end = try #require(readme.range(of: "```\n", range: start.upperBound..<readme.endIndex))
    #expect(String(readme[start.upperBound..<end.lowerBound]) == example)
  }
}
