import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilRecords
import VigilReports
import VigilSyntax

@testable import Vigil
@testable import VigilCLI

/// Reports say where they came from: the SHA-256 of the policy files, the data files' sizes
/// and lines, and how `--now` was chosen.
@Suite("Audit provenance")
struct AuditProvenanceTests {
  static let cli = "Tests/VigilTests/Fixtures/cli"

  // MARK: - SHA-256

  /// FIPS 180-4's examples, the empty message, and lengths around the padding's edges
  /// (checked with `sha256sum`).
  @Test(
    arguments: [
      ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
      (
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
      ),
      (
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
          + "lmnopqrsmnopqrstnopqrstu",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
      ),
      (
        String(repeating: "a", count: 55),
        "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"
      ),
      (
        String(repeating: "a", count: 56),
        "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"
      ),
      (
        String(repeating: "a", count: 63),
        "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"
      ),
      (
        String(repeating: "a", count: 64),
        "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"
      ),
      (
        String(repeating: "a", count: 65),
        "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"
      ),
    ])
  func sha256(_ message: String, _ digest: String) {
    #expect(SHA256.hex(message.utf8) == digest)
    // Fed in pieces, the same digest.
    var hash = SHA256()
    for piece in message.utf8.chunked(7) { hash.update(piece) }
    #expect(hash.hexDigest == digest)
  }

  @Test func sha256OfAMillionAs() {
    var hash = SHA256()
    let thousand = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
    for _ in 0..<1000 { hash.update(thousand) }
    #expect(hash.hexDigest == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  // MARK: - The policy digest

  static let policy = """
    include "shared/common.vigil"

    calendar office:
      monday to friday "09:00-17:00"
      zone "UTC"
      holidays from "holidays.txt"

    policy slow:
      unresolved > 16h in office → flag

    """
  static let common = "define unresolved = from created_at until resolved_at\n"
  static let holidays = "2026-12-25 Christmas\n"

  /// A folder with a policy file that includes another (in a subfolder) and reads a holidays
  /// file: every file is in the digest, named relative to the folder.
  func policyFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "vigil-digest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("shared"), withIntermediateDirectories: true)
    try Self.policy.write(
      to: folder.appendingPathComponent("a.vigil"), atomically: true, encoding: .utf8)
    try Self.common.write(
      to: folder.appendingPathComponent("shared/common.vigil"), atomically: true, encoding: .utf8)
    try Self.holidays.write(
      to: folder.appendingPathComponent("holidays.txt"), atomically: true, encoding: .utf8)
    return folder
  }

  @Test func theDigestCoversEveryFileByNameAndBytes() throws {
    let folder = try policyFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let digest = try PolicySet(contentsOf: [folder.path]).digest
    let base = folder.path + "/"
    #expect(
      digest.files.map {
        "\($0.path.replacingOccurrences(of: base, with: "")) \($0.kind) \($0.bytes)"
      }
        == [
          "a.vigil policy \(Self.policy.utf8.count)",
          "shared/common.vigil policy \(Self.common.utf8.count)", "holidays.txt holidays 21",
        ])
    let hashes = digest.files.map(\.sha256)
    #expect(
      hashes == [Self.policy, Self.common, Self.holidays].map { SHA256.hex($0.utf8) })
    // `sha256sum a.vigil holidays.txt shared/common.vigil`, sorted by name.
    #expect(
      digest.manifest
        == "\(hashes[0])  a.vigil\n\(hashes[2])  holidays.txt\n\(hashes[1])  shared/common.vigil\n")
    #expect(digest.sha256 == SHA256.hex(digest.manifest.utf8))
  }

  @Test func theDigestDoesNotDependOnHowThePathsAreTyped() throws {
    let folder = try policyFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let spellings = [
      [folder.path], [folder.path + "/"], [folder.path + "/./"],
      [folder.path + "/shared/../"], [folder.path + "/a.vigil"],
    ]
    let digests = try spellings.map { try PolicySet(contentsOf: $0).digest.sha256 }
    #expect(Set(digests).count == 1, "\(digests)")
    // One byte changed, or a file renamed: another digest.
    try "2026-12-26 Boxing Day\n".write(
      to: folder.appendingPathComponent("holidays.txt"), atomically: true, encoding: .utf8)
    let changed = try PolicySet(contentsOf: [folder.path]).digest.sha256
    #expect(changed != digests[0])
    try FileManager.default.moveItem(
      at: folder.appendingPathComponent("a.vigil"), to: folder.appendingPathComponent("b.vigil"))
    let renamed = try PolicySet(contentsOf: [folder.path]).digest.sha256
    #expect(renamed != changed)
  }

  @Test func relativeNamesAreBelowTheDeepestCommonFolder() {
    #expect(PolicyDigest.relativeNames(["/r/a.vigil"]) == ["a.vigil"])
    #expect(
      PolicyDigest.relativeNames(["/r/x/a.vigil", "/r/y/b.vigil", "/r/x/z/c.vigil"])
        == ["x/a.vigil", "y/b.vigil", "x/z/c.vigil"])
    #expect(PolicyDigest.relativeNames(["/a.vigil", "/r/b.vigil"]) == ["a.vigil", "r/b.vigil"])
    #expect(PolicyDigest.relativeNames([]) == [])
  }

  // MARK: - Rendering

  /// A provenance with a file name that needs escaping, a holidays file and a directory.
  static let provenance = AuditProvenance(
    version: "9.9.9", nowSource: .date("2026-11-25", by: "--now"),
    policies: PolicyDigest(files: [
      PolicySource(path: "/r/<a>.vigil", kind: .policy, bytes: Array("x".utf8)),
      PolicySource(path: "/r/h.txt", kind: .holidays, bytes: []),
    ]),
    data: [AuditProvenance.DataFile(path: "d.jsonl", bytes: 1, lines: 1)],
    directory: AuditProvenance.DataFile(path: "people.csv", bytes: 10, lines: 2))

  @Test func everyFormatRendersTheSameFacts() {
    let digest = Self.provenance.policies
    let x = SHA256.hex("x".utf8)
    let empty = SHA256.hex([UInt8]())
    #expect(digest.manifest == "\(x)  <a>.vigil\n\(empty)  h.txt\n")
    var summary = AuditSummary(
      now: 1_795_564_800_000,
      counts: AuditCounts(
        audited: 4, rejected: 1, violations: 3, open: 1, dataErrors: 0, undetermined: 1),
      provenance: Self.provenance)
    summary.warnings = [.noPolicies]
    #expect(
      summary.provenanceText == """
        audit by vigil 9.9.9
          now: 2026-11-25T00:00:00Z (given: --now 2026-11-25, the start of that day in UTC)
          policies: sha256 \(digest.sha256) of 2 files
            /r/<a>.vigil
            /r/h.txt (holidays)
          data: d.jsonl (1 byte, 1 line)
          directory: people.csv (10 bytes, 2 lines)

        """)
    #expect(
      summary.json
        == #"{"now":"2026-11-25T00:00:00Z","now_from":"date","now_given":"2026-11-25","#
        + #""version":"9.9.9","policies":{"sha256":"\#(digest.sha256)","files":["#
        + #"{"path":"/r/<a>.vigil","kind":"policy","bytes":1,"sha256":"\#(x)"},"#
        + #"{"path":"/r/h.txt","kind":"holidays","bytes":0,"sha256":"\#(empty)"}]},"#
        + #""data":[{"path":"d.jsonl","bytes":1,"lines":1}],"#
        + #""directory":{"path":"people.csv","bytes":10,"lines":2},"records":4,"rejected":1,"#
        + #""violations":3,"open":1,"closed":1,"undetermined":1,"data_errors":0,"#
        + #""not_enough_data":0,"at_risk":0,"dishonest_pauses":0,"#
        + #""warnings":[{"code":"no-policies","input":null,"#
        + #""message":"no policies to audit: the policy files hold no policy, so no record can "#
        + #"break one","fields":[],"policies":[],"suggestion":null,"lines":[],"count":0}]}"#)
    #expect(
      summary.keyValues.map { "\($0.key)=\($0.value)" } == [
        "now=2026-11-25T00:00:00Z", "now_from=date", "now_given=2026-11-25", "version=9.9.9",
        "policies_sha256=\(digest.sha256)", "policy_file=/r/<a>.vigil", "holidays_file=/r/h.txt",
        "data_file=d.jsonl", "data_bytes=1", "data_lines=1", "directory_file=people.csv",
        "directory_bytes=10", "directory_lines=2", "records=4", "rejected=1", "violations=3",
        "open=1", "closed=1", "undetermined=1", "data_errors=0", "not_enough_data=0", "at_risk=0",
        "dishonest_pauses=0",
        "warning=[no-policies] no policies to audit: the policy files hold no policy, so no "
          + "record can break one",
      ])
    #expect(
      AccountabilityHTML.provenanceList(Self.provenance, now: summary.now) == """
        <dl class="provenance">
        <dt>Vigil</dt><dd>9.9.9</dd>
        <dt>As of</dt><dd>2026-11-25T00:00:00Z (given: --now 2026-11-25, the start of that day in UTC)</dd>
        <dt>Policies</dt><dd>sha256 <code>\(digest.sha256)</code> of 2 files:<ul><li>/<wbr>r/<wbr>&lt;a&gt;.vigil</li><li>/<wbr>r/<wbr>h.txt (holidays)</li></ul></dd>
        <dt>Data</dt><dd>d.jsonl (1 byte, 1 line)</dd>
        <dt>Directory</dt><dd>people.csv (10 bytes, 2 lines)</dd>
        </dl>

        """)
    #expect(ViolationWriter(format: .json).footer(summary) == "{\"summary\":\(summary.json)}\n")
    #expect(ViolationWriter(format: .csv).footer(summary) == "")
    #expect(ViolationWriter(format: .text).footer(summary) == "")
  }

  // MARK: - Bytes and lines read

  @Test(
    arguments: [
      ("", 0, 0), ("a", 1, 1), ("a\n", 2, 1), ("a\nb", 3, 2), ("a\r\nb\r\n", 6, 2),
      ("\n\n\n", 3, 3), ("{\"id\":1}\n{\"id\":2}\n", 18, 2),
    ])
  func countsBytesAndLines(_ text: String, _ bytes: Int, _ lines: Int) {
    for blockSize in [1, 2, 3, 1 << 20] {
      let input = ByteInput(bytes: Array(text.utf8), blockSize: blockSize)
      while input.readMore() {}
      #expect((input.bytesRead, input.linesRead) == (bytes, lines), "block size \(blockSize)")
    }
  }

  // MARK: - --now

  /// Audits the clean fixture as of `now` and returns the `now:` line of the summary.
  func nowLine(_ now: String?, command: String = "audit") -> (Int32, String) {
    let result = vigil(
      [
        "audit", repoPath("\(Self.cli)/policy.vigil"), "--data",
        repoPath("\(Self.cli)/clean.jsonl"),
      ]
        + (now.map { ["--now", $0] } ?? []))
    let line = result.stderr.split(separator: "\n").first { $0.hasPrefix("  now: ") }
    return (result.code, line.map(String.init) ?? result.stderr)
  }

  @Test(
    arguments: [
      (
        "2026-11-25", "2026-11-25T00:00:00Z (given: --now 2026-11-25, the start of that day in UTC)"
      ),
      (
        "2024-02-29", "2024-02-29T00:00:00Z (given: --now 2024-02-29, the start of that day in UTC)"
      ),
      ("2026-11-25T00:00:00Z", "2026-11-25T00:00:00Z (given: --now 2026-11-25T00:00:00Z)"),
      ("2026-11-25T10:00+01:00", "2026-11-25T09:00:00Z (given: --now 2026-11-25T10:00+01:00)"),
      ("2026-11-25 10:00:00.5Z", "2026-11-25T10:00:00.500Z (given: --now 2026-11-25 10:00:00.5Z)"),
    ])
  func nowIsAnInstantOrADate(_ now: String, _ line: String) {
    let (code, shown) = nowLine(now)
    #expect(code == 0)
    #expect(shown == "  now: " + line)
  }

  /// Every time a `--now` message or the help suggests is accepted by `audit`, `explain` and
  /// `diff`.
  @Test func everyFormAMessageSuggestsIsAccepted() throws {
    let rejected = [
      "2026-11-25T10:00", "2026-11-25T10:00:00", "2026-11-25 10:00", "2026-11-25Z", "tomorrow",
      "2026-02-30", "2026-11-25T24:00Z", "25/11/2026", "",
    ]
    var messages: [String] = []
    for text in rejected {
      let result = vigil(["audit", "x.vigil", "--data", "d.jsonl", "--now", text])
      #expect(result.code == 2, "--now '\(text)' was accepted")
      messages.append(String(result.stderr.prefix { $0 != "\n" }))
    }
    messages.append(NowOption.spec.help)
    let pattern = try NSRegularExpression(
      pattern: #"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:\d{2})?"#)
    var suggested: Set<String> = []
    for (message, given) in zip(messages, rejected + [""]) {
      let range = NSRange(message.startIndex..., in: message)
      for match in pattern.matches(in: message, range: range) {
        // INVARIANT: the match is a range of the message.
        let form = String(message[Range(match.range, in: message)!])
        if form != given { suggested.insert(form) }
      }
    }
    #expect(
      suggested == [
        "2026-11-25T00:00:00Z", "2026-11-25", "2026-11-25T10:00Z", "2026-11-25T10:00+01:00",
        "2026-11-25T10:00:00Z", "2026-11-25T10:00:00+01:00", "2026-11-25 10:00Z",
        "2026-11-25 10:00+01:00",
      ])
    let policy = repoPath("\(Self.cli)/policy.vigil")
    let data = repoPath("\(Self.cli)/clean.jsonl")
    for form in suggested {
      for arguments in [
        ["audit", policy, "--data", data], ["explain", policy, "--data", data, "--record", "C1"],
        ["diff", policy, policy, "--data", data],
      ] {
        let result = vigil(arguments + ["--now", form])
        #expect(result.code == 0, "\(arguments[0]) --now \(form): \(result.stderr)")
      }
    }
  }

  @Test func withoutNowTheClockIsReadAndSaidSo() {
    let out = StringSink()
    let err = StringSink()
    let code = VigilCLI.run(
      [
        "audit", repoPath("\(Self.cli)/policy.vigil"), "--data",
        repoPath("\(Self.cli)/clean.jsonl"),
      ],
      stdout: out, stderr: err, clock: { 1_795_000_000_123 })
    #expect(code == 0)
    #expect(
      err.text.split(separator: "\n").filter { $0.hasPrefix("  now: ") }
        == ["  now: 2026-11-18T11:06:40.123Z (from the clock)"])
  }
}

extension Collection {
  /// The collection in pieces of `size` elements (the last may be shorter).
  func chunked(_ size: Int) -> [SubSequence] {
    var pieces: [SubSequence] = []
    var start = startIndex
    while start != endIndex {
      let end = index(start, offsetBy: size, limitedBy: endIndex) ?? endIndex
      pieces.append(self[start..<end])
      start = end
    }
    return pieces
  }
}
