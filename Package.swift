// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Vigil",
  products: [
    .library(name: "Vigil", targets: ["Vigil"]),
    .executable(name: "vigil", targets: ["vigil"]),
  ],
  dependencies: [],
  targets: [
    .target(name: "Vigil"),
    .target(name: "VigilCLI", dependencies: ["Vigil"]),
    .executableTarget(name: "vigil", dependencies: ["VigilCLI"]),
    .testTarget(
      name: "VigilTests",
      dependencies: ["Vigil", "VigilCLI"],
      exclude: ["Fixtures"]
    ),
  ]
)
