import Foundation
import Testing
import VigilCore

@testable import Vigil

/// Random rules over random records: the data errors Vigil reports must be those an
/// independent reading of the rule finds — every field the rule reads, present but
/// unreadable as the rule reads it, whatever decided the verdict — and the same with the
/// operands of every `and` and `or` swapped.
@Suite("Data errors: randomized differential")
struct DataErrorDifferentialTests {
  /// 250 rules, each over 4 records: 1,000 rule/record pairs.
  @Test func randomRulesAndRecords() throws {
    var random = SplitMix(seed: 13)
    var pairs = 0
    var withErrors = 0
    for index in 0..<250 {
      let rule = RandomRule.make(depth: 3, &random)
      let records = (0..<4).map { RandomRecord.make(id: "r\($0)", &random) }
      let data = records.map(\.json).joined(separator: "\n")
      var firings: [[String]] = []
      for written in [rule, rule.swapped] {
        let source = RandomRule.definitions + "policy p:\n  \(written.text) -> flag\n"
        let (errors, fired) = try reportedErrors(source, data)
        firings.append(fired)
        for record in records {
          let expected = written.errors(in: record)
          let found = errors[record.id] ?? []
          let context = "rule \(index): \(written.text)\nrecord: \(record.json)"
          // One data error per record and policy, exactly when the rule reads an
          // unreadable field; the one reported is the first from the left.
          #expect(found.count == (expected.isEmpty ? 0 : 1), "\(context)")
          #expect(found.first == expected.first, "\(context)")
        }
      }
      #expect(firings[0] == firings[1], "rule \(index): \(rule.text)")
      pairs += records.count
      withErrors += records.filter { !rule.errors(in: $0).isEmpty }.count
    }
    #expect(pairs == 1000)
    // The cases are not trivial: a good part of them have data errors.
    #expect(withErrors > 200 && withErrors < 800)
  }

  /// The fields of each record's reported data error, by record id, and the records it fired for.
  func reportedErrors(_ source: String, _ data: String) throws -> (
    [String: [String]], [String]
  ) {
    let set = try PolicySet(source: source, file: "t.vigil")
    var errors: [String: [String]] = [:]
    var fired: [String] = []
    _ = set.audit(
      input: ByteInput(string: data), format: .jsonl, name: "records", now: RandomRecord.now,
      idField: FieldPath("id"),
      handler: AuditHandler(
        violation: { fired.append($0.record) }, rejection: { _ in true },
        dataError: { errors[$0.record, default: []].append($0.error.field) },
        notEnoughData: { _ in }))
    return (errors, fired)
  }
}

/// A field's value in a generated record.
enum RandomValue {
  case absent, null
  case number(Int)
  case text(String)
  case bool(Bool)

  var json: String? {
    switch self {
    case .absent: return nil
    case .null: return "null"
    case .number(let n): return String(n)
    case .text(let t): return "\"\(t)\""
    case .bool(let b): return String(b)
    }
  }
}

/// A generated record: numbers `n1`, `n2`; times `t1`, `t2`, `t3`; a text `s1`; a truth `b1`.
struct RandomRecord {
  static let now: Int64 = 1_795_564_800_000  // 2026-11-25T00:00:00Z
  var id: String
  var values: [String: RandomValue]

  static func make(id: String, _ random: inout SplitMix) -> RandomRecord {
    var values: [String: RandomValue] = [:]
    for field in ["n1", "n2"] {
      values[field] =
        [
          .number(Int.random(in: 0...9, using: &random)),
          .text(String(Int.random(in: 0...9, using: &random))), .text("high"), .bool(true),
          .absent, .null, .number(Int.random(in: 0...9, using: &random)),
        ].randomElement(using: &random)!
    }
    for field in ["t1", "t2", "t3"] {
      let day = Int.random(in: 10...28, using: &random)
      let hour = Int.random(in: 0...23, using: &random)
      let valid = String(format: "2026-11-%02dT%02d:00:00Z", day, hour)
      values[field] =
        [
          .text(valid), .text(valid), .text(valid), .text("garbage"),
          .text("2026-11-20 10:00:00"), .text(""), .absent, .null, .number(17),
        ].randomElement(using: &random)!
    }
    values["s1"] = [.text("a"), .text("b"), .absent, .null].randomElement(using: &random)!
    values["b1"] =
      [.bool(true), .bool(false), .text("TRUE"), .text("perhaps"), .absent, .null, .number(3)]
      .randomElement(using: &random)!
    return RandomRecord(id: id, values: values)
  }

  var json: String {
    let fields = values.keys.sorted().compactMap { key in
      values[key]!.json.map { "\"\(key)\":\($0)" }
    }
    return "{\"id\":\"\(id)\"" + fields.map { "," + $0 }.joined() + "}"
  }

  /// A time field's instant: nil when missing; `.failure` when present but unreadable.
  func time(_ field: String) -> Result<Int64, Unreadable>? {
    switch values[field]! {
    case .absent, .null: return nil
    case .text(""): return nil
    case .text(let text):
      // Only the generator's texts: a valid one, or one that is not a time.
      guard text.hasSuffix("Z"), let date = ISO8601DateFormatter().date(from: text) else {
        return .failure(Unreadable())
      }
      return .success(Int64(date.timeIntervalSince1970 * 1000))
    default: return .failure(Unreadable())
    }
  }

  /// Whether a field compared with a number is present but not one.
  func unreadableNumber(_ field: String) -> Bool {
    switch values[field]! {
    case .text(let text): return Int(text) == nil
    case .bool: return true
    default: return false
    }
  }

  /// Whether a field used as a condition is present but neither true nor false.
  func unreadableTruth(_ field: String) -> Bool {
    switch values[field]! {
    case .text(let text): return text.lowercased() != "true" && text.lowercased() != "false"
    case .number: return true
    default: return false
    }
  }
}

struct Unreadable: Error {}

/// A generated rule, as written, and what it reads.
indirect enum RandomRule {
  case and(RandomRule, RandomRule, juxtaposed: Bool)
  case or(RandomRule, RandomRule)
  case not(RandomRule)
  /// `n1 > 3`
  case number(String, String, Int)
  /// `t1 > @…` or `t1 < now`
  case time(String, String)
  /// `s_t1_t2 > 48h`: a state of a definition (`define s_t1_t2 = from t1 until t2`).
  case state(String, String, Int)
  /// `s1 == "a"`
  case text(String)
  /// `t1 is missing`
  case presence(String)
  /// `b1`: a field as a condition.
  case truth(String)

  static let times = ["t1", "t2", "t3"]
  static let definitions =
    times.flatMap { a in
      times.filter { $0 != a }.map { b in "define s_\(a)_\(b) = from \(a) until \(b)\n" }
    }
    .joined() + "define big_n1 = n1 > 5\n"

  static func make(depth: Int, _ random: inout SplitMix) -> RandomRule {
    if depth > 0 && Int.random(in: 0..<10, using: &random) < 7 {
      let left = make(depth: depth - 1, &random)
      let right = make(depth: depth - 1, &random)
      switch Int.random(in: 0..<10, using: &random) {
      case 0..<4: return .and(left, right, juxtaposed: false)
      case 4: return .and(left, right, juxtaposed: true)
      case 5..<9: return .or(left, right)
      default: return .not(left)
      }
    }
    let number = ["n1", "n2"].randomElement(using: &random)!
    let time = times.randomElement(using: &random)!
    let other = times.filter { $0 != time }.randomElement(using: &random)!
    switch Int.random(in: 0..<7, using: &random) {
    case 0:
      return .number(
        number, ["<", "<=", ">", ">=", "==", "!="].randomElement(using: &random)!,
        Int.random(in: 0...9, using: &random))
    case 1:
      return .time(
        time,
        ["> @2026-11-20T00:00:00Z", "< now", "<= @2026-11-15T12:00:00Z"]
          .randomElement(using: &random)!)
    case 2, 3: return .state(time, other, [1, 24, 48, 200].randomElement(using: &random)!)
    case 4: return Bool.random(using: &random) ? .text("s1") : .truth("b1")
    case 5: return .presence([number, time].randomElement(using: &random)!)
    default: return .number("n1", ">", 5)  // written through the definition big_n1
    }
  }

  var text: String {
    switch self {
    case .and(let a, let b, let juxtaposed):
      return juxtaposed ? "(\(a.text)) (\(b.text))" : "(\(a.text)) and (\(b.text))"
    case .or(let a, let b): return "(\(a.text)) or (\(b.text))"
    case .not(let a): return "not (\(a.text))"
    case .number("n1", ">", 5): return "big_n1"
    case .number(let field, let op, let constant): return "\(field) \(op) \(constant)"
    case .time(let field, let comparison): return "\(field) \(comparison)"
    case .state(let from, let until, let hours): return "s_\(from)_\(until) > \(hours)h"
    case .text(let field): return "\(field) == \"a\""
    case .presence(let field): return "\(field) is missing"
    case .truth(let field): return field
    }
  }

  /// The rule with the operands of every `and` and `or` the other way round.
  var swapped: RandomRule {
    switch self {
    case .and(let a, let b, let juxtaposed):
      return .and(b.swapped, a.swapped, juxtaposed: juxtaposed)
    case .or(let a, let b): return .or(b.swapped, a.swapped)
    case .not(let a): return .not(a.swapped)
    default: return self
    }
  }

  /// The data errors a record has under the rule, as the fields (or state) they are
  /// reported on, from the left: every field the rule reads, present but unreadable as the
  /// rule reads it, whether or not its verdict needed it.
  func errors(in record: RandomRecord) -> [String] {
    switch self {
    case .and(let a, let b, _), .or(let a, let b):
      return a.errors(in: record) + b.errors(in: record)
    case .not(let a): return a.errors(in: record)
    case .number(let field, _, _): return record.unreadableNumber(field) ? [field] : []
    case .time(let field, _):
      if case .failure = record.time(field) { return [field] }
      return []
    case .state(let from, let until, _):
      let (start, end) = (record.time(from), record.time(until))
      var found: [String] = []
      if case .failure = start { found.append(from) }
      if case .failure = end { found.append(until) }
      // Both readable, the start at or before now and the end too: an end before the start.
      if case .success(let a) = start, case .success(let b) = end, a <= RandomRecord.now,
        b <= RandomRecord.now, b < a
      {
        found.append("s_\(from)_\(until)")
      }
      return found
    case .text, .presence: return []
    case .truth(let field): return record.unreadableTruth(field) ? ["condition"] : []
    }
  }
}
