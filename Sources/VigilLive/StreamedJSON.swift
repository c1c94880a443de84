import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a checkpoint's bytes to its file through a buffer of 1 MiB.
struct StreamedJSON {
  let descriptor: Int32
  let path: String
  var buffer: [UInt8] = []

  init(descriptor: Int32, path: String) {
    self.descriptor = descriptor
    self.path = path
    buffer.reserveCapacity(Self.capacity)
  }

  static let capacity = 1 << 20

  mutating func append<Bytes: Sequence>(_ bytes: Bytes) throws where Bytes.Element == UInt8 {
    buffer.append(contentsOf: bytes)
    if buffer.count >= Self.capacity { try flush() }
  }

  /// Writes out what the buffer holds.
  mutating func flush() throws {
    var written = 0
    while written < buffer.count {
      let count = buffer.withUnsafeBytes { bytes in
        // INVARIANT: the buffer holds bytes here, so it has an address.
        write(descriptor, bytes.baseAddress! + written, buffer.count - written)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw CheckpointError(path: path, errno: errno)
      }
      written += count
    }
    buffer.removeAll(keepingCapacity: true)
  }
}

extension StreamedJSON {
  /// Writes `value` encoded whole.
  mutating func value<Value: Encodable>(_ value: Value, _ encoder: JSONEncoder) throws {
    try append(try encoder.encode(value))
  }

  /// Writes a member's name (`"name":`), after a comma unless it is the object's first.
  mutating func member(_ name: String, first: Bool = false) throws {
    try append((first ? "\"" : ",\"").utf8)
    try append(name.utf8)
    try append("\":".utf8)
  }

  /// Writes `elements` as a JSON array, each encoded by itself.
  mutating func array<Elements: Sequence>(_ elements: Elements, _ encoder: JSONEncoder) throws
  where Elements.Element: Encodable {
    try append("[".utf8)
    var first = true
    for element in elements {
      if !first { try append(",".utf8) }
      first = false
      try append(try encoder.encode(element))
    }
    try append("]".utf8)
  }

  /// Writes `dictionary` as a JSON object (as `JSONEncoder` writes one keyed by texts or
  /// integers), each value encoded by itself.
  mutating func object<Key: CustomStringConvertible, Element: Encodable>(
    _ dictionary: [Key: Element], _ encoder: JSONEncoder
  ) throws {
    try append("{".utf8)
    var first = true
    for (key, element) in dictionary {
      if !first { try append(",".utf8) }
      first = false
      // A text key is written as JSON writes the text; an integer as the text of its digits.
      try append(try encoder.encode(key.description))
      try append(":".utf8)
      try append(try encoder.encode(element))
    }
    try append("}".utf8)
  }
}

/// A value a checkpoint writes member by member, its large members one element at a time, so
/// that no more than one element of it is held encoded at once; read back as `JSONDecoder`
/// reads the value encoded whole.
protocol StreamedCheckpointValue {
  func write(to out: inout StreamedJSON, _ encoder: JSONEncoder) throws
}

extension LiveGroups: StreamedCheckpointValue {
  func write(to out: inout StreamedJSON, _ encoder: JSONEncoder) throws {
    try out.append("{".utf8)
    try out.member("groups", first: true)
    try groups.write(to: &out, encoder)
    try out.member("parts")
    try out.object(parts, encoder)
    try out.member("nextPart")
    try out.value(nextPart, encoder)
    try out.member("timers")
    try out.value(timers, encoder)
    try out.member("partTimers")
    try out.value(partTimers, encoder)
    try out.member("waiting")
    try out.array(waiting, encoder)
    try out.member("byID")
    try out.object(byID, encoder)
    try out.append("}".utf8)
  }
}

extension LiveSequences: StreamedCheckpointValue {
  func write(to out: inout StreamedJSON, _ encoder: JSONEncoder) throws {
    try out.append("{".utf8)
    try out.member("groups", first: true)
    try groups.write(to: &out, encoder)
    try out.member("records")
    try records.write(to: &out, encoder)
    try out.member("timers")
    try out.value(timers, encoder)
    try out.member("releaseTimers")
    try out.value(releaseTimers, encoder)
    try out.member("waiting")
    try out.array(waiting, encoder)
    try out.member("byID")
    try out.object(byID, encoder)
    try out.append("}".utf8)
  }
}

extension LiveMovingGroups: StreamedCheckpointValue {
  func write(to out: inout StreamedJSON, _ encoder: JSONEncoder) throws {
    try out.append("{".utf8)
    try out.member("records", first: true)
    try out.array(records, encoder)
    try out.member("shown")
    try out.value(shown, encoder)
    if let timer {
      try out.member("timer")
      try out.value(timer, encoder)
    }
    try out.member("waiting")
    try out.value(waiting, encoder)
    if let settled {
      try out.member("settled")
      try out.value(settled, encoder)
    }
    try out.append("}".utf8)
  }
}
