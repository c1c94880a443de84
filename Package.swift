// swift-tools-version:6.0
import PackageDescription

// One module per stage of the pipeline; a module may import only those above it in this list,
// so an arrow that runs back cannot be written (README, "How it is built").
let package = Package(
  name: "Vigil",
  products: [
    .library(name: "Vigil", targets: ["Vigil"]),
    .executable(name: "vigil", targets: ["vigil"]),
  ],
  dependencies: [],
  targets: [
    .target(name: "VigilCore"),
    .target(name: "VigilRegex"),
    .target(name: "VigilSyntax", dependencies: ["VigilCore"]),
    .target(name: "VigilSemantics", dependencies: ["VigilCore", "VigilRegex", "VigilSyntax"]),
    .target(name: "VigilFormat", dependencies: ["VigilCore", "VigilSyntax", "VigilSemantics"]),
    .target(name: "VigilRecords", dependencies: ["VigilCore"]),
    // Policies compiled to SQL: beside the evaluator, never through it.
    .target(name: "VigilSQL", dependencies: ["VigilCore", "VigilRegex", "VigilSyntax", "VigilSemantics"]),
    .target(
      name: "VigilEvaluation",
      dependencies: ["VigilCore", "VigilRegex", "VigilSyntax", "VigilSemantics", "VigilRecords"]),
    .target(
      name: "VigilReports",
      dependencies: ["VigilCore", "VigilSyntax", "VigilSemantics", "VigilRecords", "VigilEvaluation"]),
    // `vigil watch`: the audit run continuously (imported only by VigilCLI).
    .target(
      name: "VigilLive",
      dependencies: ["VigilCore", "VigilSyntax", "VigilSemantics", "VigilRecords", "VigilEvaluation"]),
    .target(
      name: "Vigil",
      dependencies: [
        "VigilCore", "VigilRegex", "VigilSyntax", "VigilSemantics", "VigilFormat", "VigilRecords",
        "VigilEvaluation", "VigilReports", "VigilSQL",
      ]),
    // The language server (`vigil lsp`): only the command line imports it.
    .target(
      name: "VigilLSP",
      dependencies: [
        "VigilCore", "VigilSyntax", "VigilSemantics", "VigilFormat", "VigilRecords", "Vigil",
      ]),
    .target(name: "VigilCLI", dependencies: ["Vigil", "VigilLSP", "VigilSQL", "VigilLive"]),
    .executableTarget(name: "vigil", dependencies: ["VigilCLI"]),
    .testTarget(
      name: "VigilTests",
      dependencies: [
        "VigilCore", "VigilRegex", "VigilSyntax", "VigilSemantics", "VigilFormat", "VigilRecords",
        "VigilEvaluation", "VigilReports", "VigilSQL", "Vigil", "VigilLSP", "VigilLive", "VigilCLI",
      ],
      exclude: ["Fixtures"]
    ),
  ]
)
