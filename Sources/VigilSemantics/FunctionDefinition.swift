import VigilCore

/// A function an embedder adds to the policy language (`PolicySet(…functions:)`): its name,
/// the types of its arguments and of its result, and what it computes. The checker checks its
/// calls as it checks a builtin's: the number of arguments, each argument's type, the result's
/// type where it is used.
package struct FunctionDefinition: Sendable {
  package let name: String
  package let arguments: [ValueType]
  package let result: ValueType
  /// What it computes, from its arguments' values (`.null` for a missing one).
  package let body: @Sendable ([Value]) -> Value

  package init(
    name: String, arguments: [ValueType], result: ValueType,
    body: @escaping @Sendable ([Value]) -> Value
  ) {
    self.name = name
    self.arguments = arguments
    self.result = result
    self.body = body
  }

  /// How it is called, for help lines: `sentiment(text)`.
  package var usage: String {
    "\(name)(" + arguments.map(\.rawValue).joined(separator: ", ") + ")"
  }
}
