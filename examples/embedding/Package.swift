// swift-tools-version:6.0
import PackageDescription

// The README's embedding example as a package of its own, depending on Vigil by path:
// `.ci/run` builds and runs it, so the example in the README cannot stop compiling.
let package = Package(
  name: "Embedding",
  dependencies: [.package(name: "Vigil", path: "../..")],
  targets: [
    .executableTarget(name: "Embedding", dependencies: [.product(name: "Vigil", package: "Vigil")])
  ]
)
