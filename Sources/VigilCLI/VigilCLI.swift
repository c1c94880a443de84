/// The command line.
public enum VigilCLI {
  /// Runs `vigil` with `arguments` (without the program name) and returns the exit code.
  public static func main(_ arguments: [String]) -> Int32 { 0 }
}
