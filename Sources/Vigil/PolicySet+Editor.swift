import VigilSemantics
import VigilSyntax

extension PolicySet {
  /// A set of a program `analyze` checked, read from `sources`: what `vigil lsp` audits its
  /// sample data with (its code lens), without checking the files again.
  package init(analyzed program: CheckedProgram, files: [PolicyFile], sources: [PolicySource]) {
    var program = program
    program.files = files
    self.init(checked: program, sources: sources)
  }
}
