// The façade: `import Vigil` is all an embedder writes. The stages' public declarations (the
// values the API takes and gives, diagnostics, reports) come with it.
@_exported import VigilCore
@_exported import VigilEvaluation
@_exported import VigilFormat
@_exported import VigilRecords
@_exported import VigilReports
@_exported import VigilSemantics
@_exported import VigilSyntax
