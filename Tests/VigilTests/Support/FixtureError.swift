/// A fixture that could not be read as the test needs it: the test fails, naming the file,
/// instead of running on nothing.
struct FixtureError: Error, CustomStringConvertible {
  var path: String
  var problem: String
  var description: String { "fixture \(path) \(problem)" }
}
