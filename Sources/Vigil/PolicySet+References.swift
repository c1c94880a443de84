import Foundation
import VigilCore
import VigilSyntax

/// How a person names a policy — on the command line (`vigil explain --policy`) and in a
/// `.vigiltest` expectation — resolved the same way everywhere.
extension PolicySet {
  /// The name of the policy that `reference` names: a policy's name (`slow_resolution`; a bare
  /// rule's name is its location), its location `FILE:LINE` as reports show it
  /// (`rules/complaints.vigil:6`, typed any way that normalises to it: `./rules/…`), or the
  /// end of its location at a path component (`complaints.vigil:6`, not `aints.vigil:6`); an
  /// absolute `FILE:LINE` also names a policy whose file was given relative to the working
  /// folder.
  /// - Throws: `PolicyReferenceError` when no policy, or more than one, answers to it (the
  ///   message lists them).
  package func policyName(for reference: String) throws(PolicyReferenceError) -> String {
    let policies = checked.policies
    if policies.contains(where: { $0.name == reference }) { return reference }
    let location = Self.normalizedLocation(reference)
    let matching = policies.filter { policy in
      policy.location == location || policy.location.hasSuffix("/" + location)
        || (location.hasPrefix("/") && Self.absoluteLocation(policy.location) == location)
    }
    if matching.count == 1 { return matching[0].name }
    if matching.isEmpty {
      // A location is compared with the ends of the others that have as many components.
      let components = location.split(separator: "/").count
      let names =
        location.contains(":")
        ? policies.map {
          $0.location.split(separator: "/").suffix(components).joined(separator: "/")
        }
        : policies.map(\.name)
      throw PolicyReferenceError(
        message: "no policy is named '\(reference)'"
          + (Suggestions.closest(to: reference, in: names).map { "; did you mean '\($0)'?" } ?? ""),
        policies: policies.map(Self.listed))
    }
    let listed = matching.map(Self.listed)
    throw PolicyReferenceError(
      message: "'\(reference)' could name \(matching.count) policies: "
        + listed.joined(separator: ", ") + "; give more of the path")
  }

  /// A policy as a list of policies shows it: `name (FILE:LINE)`, or a bare rule's location.
  private static func listed(_ policy: CheckedPolicy) -> String {
    policy.name == policy.location ? policy.name : "\(policy.name) (\(policy.location))"
  }

  /// A location whose file is relative, made absolute from the working folder: an absolute
  /// `FILE:LINE` names a policy loaded from a relative path too.
  private static func absoluteLocation(_ location: String) -> String {
    guard !location.hasPrefix("/") else { return location }
    return PolicyPath.normalized(FileManager.default.currentDirectoryPath + "/" + location)
  }

  /// `FILE:LINE` with its file normalised as policy files are (`./rules/a.vigil:6` is
  /// `rules/a.vigil:6`); anything else as it is.
  private static func normalizedLocation(_ reference: String) -> String {
    guard let colon = reference.lastIndex(of: ":"), colon != reference.startIndex,
      case let line = reference[reference.index(after: colon)...], !line.isEmpty,
      line.allSatisfy({ $0.isASCII && $0.isNumber })
    else { return reference }
    return PolicyPath.normalized(String(reference[..<colon])) + reference[colon...]
  }
}

/// A reference to a policy that names none, or several.
package struct PolicyReferenceError: Error, Sendable, CustomStringConvertible {
  /// What is wrong and how to fix it: `no policy is named 'x'; did you mean 'y'?`.
  package var message: String
  /// When no policy answers to the reference: every policy of the set, as `listed` shows
  /// them, in order.
  package var policies: [String] = []
  package var description: String { message }
}
