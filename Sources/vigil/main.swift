import Foundation
import VigilCLI

exit(VigilCLI.main(Array(CommandLine.arguments.dropFirst())))
