/// A value encodes as `null`, or as an object with one key naming its kind: `{"text": "a"}`,
/// `{"number": 2.5}`, `{"bool": true}`, `{"time": "2026-11-25T00:00:00.123Z"}` (ISO-8601 in
/// UTC, to the millisecond; outside the years 0000–9999, the milliseconds since 1970 as a
/// number), `{"duration": 172800000}` (milliseconds), `{"list": […]}`, `{"record": {…}}`.
/// The kind is always written, so that a time, a duration and the text or number they would
/// look like come back as they were.
extension Value: Codable {
  private enum Kind: String, CodingKey {
    case bool, number, text, time, duration, list, record
  }

  public init(from decoder: any Decoder) throws {
    if try decoder.singleValueContainer().decodeNil() {
      self = .null
      return
    }
    let container = try decoder.container(keyedBy: Kind.self)
    guard container.allKeys.count == 1, let kind = container.allKeys.first else {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: decoder.codingPath,
          debugDescription:
            "a value is null or an object with one of the keys bool, number, text, time, duration, list, record"
        ))
    }
    switch kind {
    case .bool: self = .bool(try container.decode(Bool.self, forKey: kind))
    case .number: self = .number(try container.decode(Double.self, forKey: kind))
    case .text: self = .text(try container.decode(String.self, forKey: kind))
    case .duration: self = .duration(try container.decode(Int64.self, forKey: kind))
    case .list: self = .list(try container.decode([Value].self, forKey: kind))
    case .record: self = .record(try container.decode([String: Value].self, forKey: kind))
    case .time:
      if let instant = try? container.decode(Int64.self, forKey: kind) {
        self = .time(instant)
        return
      }
      let text = try container.decode(String.self, forKey: kind)
      guard case .time(let instant) = TimeParsing.parseISO8601(text) else {
        throw DecodingError.dataCorruptedError(
          forKey: kind, in: container,
          debugDescription: "'\(text)' is not an ISO-8601 time with an offset")
      }
      self = .time(instant)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    if case .null = self {
      var container = encoder.singleValueContainer()
      try container.encodeNil()
      return
    }
    var container = encoder.container(keyedBy: Kind.self)
    switch self {
    case .null: break
    case .bool(let truth): try container.encode(truth, forKey: .bool)
    case .number(let number): try container.encode(number, forKey: .number)
    case .text(let text): try container.encode(text, forKey: .text)
    case .time(let instant):
      let text = TimeParsing.formatISO8601(instant)
      if case .time(instant) = TimeParsing.parseISO8601(text) {
        try container.encode(text, forKey: .time)
      } else {
        try container.encode(instant, forKey: .time)
      }
    case .duration(let length): try container.encode(length, forKey: .duration)
    case .list(let items): try container.encode(items, forKey: .list)
    case .record(let fields): try container.encode(fields, forKey: .record)
    }
  }
}
