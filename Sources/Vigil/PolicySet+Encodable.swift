import Foundation
import VigilCore
import VigilEvaluation
import VigilRecords

extension PolicySet {
  /// Audits records of any `Encodable` type, as of `now`: each is encoded as JSON (its
  /// `Date`s as ISO-8601 times with milliseconds, its optionals that are nil as absent
  /// fields) and read as a JSON Lines record is, so a `struct Ticket: Encodable` is audited as
  /// its export would be. Records without an id are named `records:N`.
  /// - Throws: what encoding a record throws.
  public func audit<Record: Encodable>(
    encoding records: some Sequence<Record>, now: Date, idField: String = "id",
    directory: Directory? = nil
  ) throws -> Audit {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(Self.iso8601(date))
    }
    var lines: [UInt8] = []
    for record in records {
      lines += try encoder.encode(record)
      lines.append(UInt8(ascii: "\n"))
    }
    return collect(
      ByteInput(bytes: lines), now: now, idField: idField, directory: directory)
  }

  /// Audits records given as `[String: Any]` (`JSONSerialization`'s dictionaries, say): each
  /// field is read as `Value(any:)` reads it; a field it cannot read is missing.
  public func audit(
    anyRecords records: some Sequence<[String: Any]>, now: Date, idField: String = "id",
    directory: Directory? = nil
  ) -> Audit {
    audit(
      records.map { record in record.compactMapValues { Value(any: $0) } }, now: now,
      idField: idField, directory: directory)
  }

  /// `date` as ISO-8601 in UTC with milliseconds: `2026-11-25T09:30:00.250Z`.
  static func iso8601(_ date: Date) -> String {
    TimeParsing.formatISO8601(Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
  }
}
