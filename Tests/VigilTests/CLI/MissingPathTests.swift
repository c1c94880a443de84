import Testing

/// A path given on the command line that is not there is named, with why, in one line and
/// with exit code 2: not a usage block, not an `include` that cannot be read.
@Suite("Missing paths")
struct MissingPathTests {
  static let data = "examples/interactions.jsonl"

  @Test(
    "a policy path that is not there",
    arguments: [
      ["check", "no/such.vigil"], ["audit", "no/such.vigil", "--data", data],
      ["explain", "no/such.vigil", "--data", data, "--record", "K-201"],
      ["diff", "rules", "no/such.vigil", "--data", data],
    ])
  func policyPath(_ arguments: [String]) {
    let result = vigil(arguments.map(absolute))
    #expect(result.code == 2)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == "vigil \(arguments[0]): cannot read the policy file or folder 'no/such.vigil': "
        + "No such file or directory\n")
  }

  @Test(
    "a data or directory file that is not there",
    arguments: [
      (["check", "rules", "--data", "no/such.jsonl"], "data file 'no/such.jsonl'"),
      (["audit", "rules", "--data", data, "--data", "no/such.csv"], "data file 'no/such.csv'"),
      (
        ["explain", "rules", "--data", "no/such.jsonl", "--record", "K-1"],
        "data file 'no/such.jsonl'"
      ),
      (["diff", "rules", "rules", "--data", "no/such.jsonl"], "data file 'no/such.jsonl'"),
      (
        ["audit", "rules", "--data", data, "--directory", "no/people.csv"],
        "directory file 'no/people.csv'"
      ),
    ])
  func dataPath(_ arguments: [String], _ named: String) {
    let result = vigil(arguments.map(absolute))
    #expect(result.code == 2)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == "vigil \(arguments[0]): cannot read the \(named): No such file or directory\n")
  }

  /// Paths of the repository made absolute (the tests do not depend on the working folder);
  /// the ones that are not there stay relative.
  func absolute(_ argument: String) -> String {
    argument == "rules" || argument == Self.data ? repoPath(argument) : argument
  }
}
