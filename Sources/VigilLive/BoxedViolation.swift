import VigilEvaluation

/// A violation kept behind a reference: 8 bytes in the record that keeps it, and none where
/// it is missing (an optional of it is nil), where a `Violation` kept inline takes some 450
/// bytes, missing or not. Encoded as the violation itself, so a checkpoint reads the same.
struct BoxedViolation: Codable, Equatable {
  private final class Box {
    let violation: Violation
    init(_ violation: Violation) { self.violation = violation }
  }

  private let box: Box

  init(_ violation: Violation) { box = Box(violation) }

  /// The violation kept.
  var violation: Violation { box.violation }

  init(from decoder: Decoder) throws {
    box = Box(try decoder.singleValueContainer().decode(Violation.self))
  }

  func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(box.violation)
  }

  static func == (a: BoxedViolation, b: BoxedViolation) -> Bool {
    a.box === b.box || a.box.violation == b.box.violation
  }
}
