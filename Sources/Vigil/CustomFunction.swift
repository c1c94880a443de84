import VigilCore
import VigilSemantics
import VigilSyntax

/// A function the policies may call besides the builtins, added by the embedder when the set
/// is made (`PolicySet(source:…functions:)`): its calls are checked as a builtin's are — the
/// number of arguments, each one's type, the result's type where it is used.
///
///     let sentiment = CustomFunction("sentiment", arguments: [.text], result: .number) { values in
///       guard case .text(let text) = values[0] else { return .null }
///       return .number(text.contains("thanks") ? 1 : 0)
///     }
///     let policies = try PolicySet(
///       source: "sentiment(comment) < 0.5 → notify owner\n", functions: [sentiment])
///
/// The body gets its arguments' values (`.null` for a missing one) and may be called from
/// several threads at once. A result of another type than the declared one is a data error
/// of the record, and the call is unknown.
public struct CustomFunction: Sendable {
  /// The types of arguments and results.
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    /// A value of that kind (`Value.bool`, `.number`, `.text`, `.time`, `.duration`, `.list`,
    /// `.record`).
    case bool, number, text, time, duration, list, record
    /// Any value: not checked.
    case any

    var valueType: ValueType {
      switch self {
      case .bool: .bool
      case .number: .number
      case .text: .text
      case .time: .time
      case .duration: .duration
      case .list: .list
      case .record: .record
      case .any: .any
      }
    }
  }

  /// What the checker knows of it.
  let definition: FunctionDefinition

  /// The function `name` (a name the builtins do not use), taking arguments of the types in
  /// `arguments` and giving a value of type `result`.
  public init(
    _ name: String, arguments: [Kind], result: Kind,
    body: @escaping @Sendable ([Value]) -> Value
  ) {
    definition = FunctionDefinition(
      name: name, arguments: arguments.map(\.valueType), result: result.valueType, body: body)
  }

  /// The function's name.
  public var name: String { definition.name }

  /// The errors of functions whose names cannot be called: a builtin's or an aggregate's,
  /// one given twice, or not a name at all.
  static func misnamed(_ functions: [CustomFunction]) -> [Diagnostic] {
    var seen: Set<String> = []
    var errors: [String] = []
    for function in functions {
      let name = function.name
      if Builtin.names.contains(name) || AggregateKind.names.contains(name) {
        errors.append("the function '\(name)' is a builtin's name: give yours another")
      } else if !isName(name) {
        errors.append(
          "'\(name)' is not a name a policy can call: letters, digits and '_', not first a digit")
      } else if !seen.insert(name).inserted {
        errors.append("the function '\(name)' is given twice")
      }
    }
    return errors.map { message in
      Diagnostic(
        .error, .badArguments, message, source: Source(text: "", file: "functions"),
        range: SourceRange(0, 0))
    }
  }

  /// Whether `text` is an identifier of the policy language.
  private static func isName(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, !("0"..."9").contains(first) else {
      return false
    }
    return text.unicodeScalars.allSatisfy { scalar in
      scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
        || ("0"..."9").contains(scalar)
    }
  }
}
