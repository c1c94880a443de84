import Testing
import VigilCore
import VigilSemantics
import VigilSyntax

/// `vigil check` on a large policy set does work that grows with the policies, not with their
/// square (issue 16, item 3). The work is counted, not timed: every field named plainly asks
/// which definition its name may be a typo of, and each definition weighed as an answer is
/// counted (`Checker.definitionsWeighed`). Weighing every definition for every field, in every
/// pass, was what made 2,000 files take 28.6 s.
@Suite("Checker scaling")
struct CheckerScalingTests {
  /// File `index` of a generated set: one definition and one policy that uses it, reading a
  /// field named as the definition plus `_n`. That name is two edits from the definition's,
  /// so the index finds the definition and the checker weighs it (and refuses it: a name that
  /// merely extends a definition's is no typo of it); no other definition is that close.
  static func file(_ index: Int) -> String {
    let number = String(repeating: "0", count: max(0, 4 - String(index).count)) + String(index)
    return """
      define late_\(number) = from created_at until resolved_at

      policy rule_\(number):
        type == "complaint" and late_\(number) > \(1 + index / 59)h\(1 + index % 59)m and late_\(number)_n is missing → flag
        severity: high

      """
  }

  /// `count` generated files, checked: the definitions weighed, the policies, the diagnostics.
  static func check(_ count: Int) -> (weighed: Int, policies: Int?, diagnostics: [String]) {
    var loader = PolicyLoader()
    for index in 0..<count {
      loader.load(text: file(index), file: "p\(index).vigil", root: nil)
    }
    var checker = Checker(files: loader.files, knownFields: nil)
    let program = checker.check()
    let diagnostics = (loader.diagnostics + checker.diagnostics).map {
      "\($0.source.file):\($0.code.rawValue): \($0.message)"
    }
    return (checker.definitionsWeighed, program?.policies.count, diagnostics)
  }

  @Test func definitionsWeighedGrowWithThePolicies() {
    let small = Self.check(100)
    let large = Self.check(1000)
    #expect(small.diagnostics == [])
    #expect(large.diagnostics == [])
    #expect(small.policies == 100)
    #expect(large.policies == 1000)
    // One definition weighed for each policy's own `late_NNNN_n`, asked once however many
    // passes the checker makes. Weighing every definition for every field named, in every
    // pass, made these 180,000 and 18,000,000 (and took 100 s in a debug build).
    #expect(small.weighed == 100)
    #expect(large.weighed == 1000)
    #expect(large.weighed <= 15 * small.weighed)
  }

  /// Many files with warnings, `allow:` lines and uses of the people directory: the warnings a
  /// policy allows are dropped from that policy only, a warning in a definition is reported
  /// once however many policies use it, and each use of the directory is listed once (all
  /// three found through tables now, not by going through every diagnostic or use).
  @Test func warningsAllowsAndDirectoryUsesOfManyFiles() {
    let count = 300
    var loader = PolicyLoader()
    for index in 0..<count {
      let text = """
        define late_\(index) = from created_at until resolved_at
        define spare_\(index) = owner
        define slow_\(index) = late_\(index) > 96m

        policy quiet_\(index):
          slow_\(index) and type == "t\(index)" and late_\(index) > 48m → flag
          allow: "suspicious-unit"

        policy loud_\(index):
          slow_\(index) and type == "u\(index)" and late_\(index) > 72m → notify manager of owner

        """
      loader.load(text: text, file: "p\(index).vigil", root: nil)
    }
    var checker = Checker(files: loader.files, knownFields: nil)
    let program = checker.check()
    let shown = checker.diagnostics.map {
      "\($0.source.file):\($0.source.line(of: $0.range.start)) \($0.code.rawValue)"
    }
    var expected: [String] = []
    for index in 0..<count {
      expected.append("p\(index).vigil:2 unused-definition")  // spare_N
      expected.append("p\(index).vigil:3 suspicious-unit")  // slow_N's 96m, used twice
      expected.append("p\(index).vigil:10 suspicious-unit")  // loud_N's 72m; quiet_N's allowed
    }
    #expect(loader.diagnostics.isEmpty)
    #expect(shown == expected)
    #expect(program?.directoryUses == (0..<count).map { "p\($0).vigil:10" })
  }

  /// The index finds what comparing the name with every candidate finds: of the candidates
  /// within `limit` edits, the first of those closest (random names over a small alphabet,
  /// so that near names abound).
  @Test(arguments: [1, 2])
  func indexFindsWhatEveryComparisonFinds(limit: Int) {
    var random = SplitMix(seed: UInt64(40 + limit))
    let letters = ["a", "b", "c", "_", "É"]
    let word = { (random: inout SplitMix) in
      (0..<(1 + random.below(6))).map { _ in random.pick(letters) }.joined()
    }
    let names = (0..<400).map { _ in word(&random) }
    let index = SuggestionIndex(names)
    var found = 0
    for _ in 0..<300 {
      let name = word(&random)
      let skipped = random.below(4)  // candidates the caller refuses: every fourth, from one
      let accepted = { (index: Int) in index % 4 != skipped }
      let target = Array(name.lowercased().unicodeScalars)
      var expected: (index: Int, distance: Int)?
      for (candidate, other) in names.enumerated() where accepted(candidate) {
        let distance = Suggestions.editDistance(target, Array(other.lowercased().unicodeScalars))
        if distance <= limit && distance < (expected?.distance ?? Int.max) {
          expected = (candidate, distance)
        }
      }
      let actual = index.closest(to: name, within: limit, where: accepted)
      #expect(actual?.index == expected?.index, "\(name)")
      #expect(actual?.distance == expected?.distance, "\(name)")
      if expected != nil { found += 1 }
    }
    // Most look-ups find a candidate: the comparison is not of nothing with nothing.
    #expect(found > 150)
  }

  /// What a plainly named field is taken to be a typo of: the first of the closest
  /// definitions, within one edit for names under six characters, two for longer ones, and
  /// never a definition the name only extends or that extends it.
  @Test(
    arguments: [
      ("complant", "complaint"),  // one edit
      ("Complaint", "complaint"),  // case does not count
      ("unreslovd", "unresolved"),  // a transposition and an insertion
      ("unrslvd", nil),  // three edits
      ("rnak", "rank"),  // short: one edit (a transposition)
      ("rnk", nil),  // under four characters: never
      ("rnaks", nil),  // short: two edits are too many
      ("created_a", nil),  // extends `created`
      ("breach", nil),  // `breach_1` extends it
      ("breech_1", "breach_1"),
      ("slaa", "sla_"),  // one edit from two definitions, `sla_` and `slab`: the first
      ("owner", nil),
    ] as [(String, String?)])
  func misspeltDefinition(name: String, expected: String?) {
    let text = """
      define complaint = type == "complaint"
      define unresolved = from created_at until resolved_at
      define created = created_at
      define rank = 1
      define breach_1 = unresolved > 1h
      define sla_ = 4
      define slab = 5

      """
    let (file, parseErrors) = Parser.parse(Source(text: text, file: "d.vigil"))
    #expect(parseErrors.isEmpty)
    var checker = Checker(files: [file], knownFields: nil)
    checker.collectDefinitions()
    #expect(checker.misspeltDefinition(name) == expected)
    // Asked again, the answer is the one kept: no definition is weighed again.
    let weighed = checker.definitionsWeighed
    #expect(checker.misspeltDefinition(name) == expected)
    #expect(checker.definitionsWeighed == weighed)
  }
}
