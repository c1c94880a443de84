import VigilCore
import VigilSyntax

/// The values of a test's records: literals, `now`, and `now ± a duration` — what example
/// records need, and nothing that depends on another record.
enum TestValues {
  /// What went wrong, and where.
  struct Failure: Error {
    var message: String
    var range: SourceRange
  }

  static func value(_ expr: Expr, now: Int64) throws(Failure) -> Value {
    switch expr.kind {
    case .literal(let literal):
      switch literal {
      case .number(let number), .percentage(let number): return .number(number)
      case .text(let text): return .text(text)
      case .bool(let truth): return .bool(truth)
      case .null: return .null
      case .duration(let ms): return .duration(ms)
      case .time(let instant): return .time(instant)
      }
    case .now: return .time(now)
    case .list(let items):
      var values: [Value] = []
      for item in items { values.append(try value(item, now: now)) }
      return .list(values)
    case .unary(.negate, let operand):
      switch try value(operand, now: now) {
      case .number(let number): return .number(-number)
      case .duration(let ms): return .duration(-ms)
      default: break
      }
    case .binary(let op, let left, let right) where op == .plus || op == .minus:
      let (a, b) = (try value(left, now: now), try value(right, now: now))
      let sign: Int64 = op == .plus ? 1 : -1
      switch (a, b) {
      case (.time(let t), .duration(let d)): return .time(t + sign * d)
      case (.duration(let x), .duration(let y)): return .duration(x + sign * y)
      case (.number(let x), .number(let y)): return .number(x + Double(sign) * y)
      default: break
      }
    default: break
    }
    throw Failure(
      message: "a test's value is a literal, a list, now, or a time plus or minus a duration",
      range: expr.range)
  }

  /// The record a test writes: its fields (dotted paths make nested records), its id, and
  /// its timelines as lists of changes, each with its `at` time.
  static func record(_ record: TestRecord, now: Int64) throws(Failure) -> [String: Value] {
    var fields: [String: Value] = ["id": .text(record.id)]
    for (path, expr) in record.fields {
      set(try value(expr, now: now), at: path.components[...], in: &fields)
    }
    for (path, changes) in record.timelines {
      var list: [Value] = []
      for change in changes {
        var fieldsOfChange: [String: Value] = ["at": try value(change.at, now: now)]
        for (field, expr) in change.fields {
          set(try value(expr, now: now), at: field.components[...], in: &fieldsOfChange)
        }
        list.append(.record(fieldsOfChange))
      }
      set(.list(list), at: path.components[...], in: &fields)
    }
    return fields
  }

  private static func set(
    _ value: Value, at path: ArraySlice<String>, in record: inout [String: Value]
  ) {
    // INVARIANT: a field path has at least one component.
    let name = path.first!
    guard path.count > 1 else {
      record[name] = value
      return
    }
    var nested: [String: Value] = [:]
    if case .record(let existing) = record[name] { nested = existing }
    set(value, at: path.dropFirst(), in: &nested)
    record[name] = .record(nested)
  }
}
