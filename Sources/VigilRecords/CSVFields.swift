/// Where a scan puts a record's fields (`CSVScanner.scanRecord(into:)`): an array, or the
/// reused storage of `CSVFields`.
package protocol CSVFieldList: ~Copyable {
  /// How many fields were put.
  var count: Int { get }
  /// Puts one more field.
  mutating func append(_ field: CSVFieldSpan)
  /// Forgets every field, keeping the storage.
  mutating func removeAll(keepingCapacity: Bool)
}

extension [CSVFieldSpan]: CSVFieldList {}

/// The fields of the record scanned last, in storage of their own that each record reuses:
/// putting a field costs a store and a count, with no uniqueness check, as an array's append
/// has.
package struct CSVFields: ~Copyable, CSVFieldList {
  private var base: UnsafeMutablePointer<CSVFieldSpan>
  private var capacity: Int
  /// How many fields were put.
  package private(set) var count = 0

  /// Empty storage with room for `capacity` fields (more are made room for as needed).
  package init(capacity: Int = 64) {
    self.capacity = max(capacity, 1)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  /// Puts one more field.
  @inline(__always)
  package mutating func append(_ field: CSVFieldSpan) {
    if count == capacity { grow() }
    (base + count).initialize(to: field)
    count += 1
  }

  /// Forgets every field (a span is a plain value: nothing to destroy).
  package mutating func removeAll(keepingCapacity: Bool) {
    count = 0
  }

  /// The field numbered `index` from 0.
  package subscript(index: Int) -> CSVFieldSpan {
    precondition(index >= 0 && index < count, "field \(index) of \(count)")
    return base[index]
  }

  /// Where the fields are stored (valid until the next `append`).
  package var storage: UnsafePointer<CSVFieldSpan> { UnsafePointer(base) }

  /// The fields, as an array.
  package var spans: [CSVFieldSpan] {
    Array(UnsafeBufferPointer(start: base, count: count))
  }

  /// Doubles the room.
  private mutating func grow() {
    let larger = UnsafeMutablePointer<CSVFieldSpan>.allocate(capacity: capacity * 2)
    larger.moveInitialize(from: base, count: count)
    base.deallocate()
    base = larger
    capacity *= 2
  }
}
