import VigilCore
import VigilSemantics

/// The cases of one events file (`events per …`), shared by every policy over them: each
/// case has a dense number, in the order the cases were first met; an event's case is found
/// once for all the policies, by hashing its key's values straight into an open-addressing
/// index (no array of values, no dictionary, per event); and each policy keeps its
/// aggregates' states in flat arrays, case after case, each case's states for all the
/// policies side by side (`stride` states per case: an event's policies touch one place), in
/// pages of 4,096 cases (`CasePage`: a table that grows copies one page, not all its cases).
package struct CaseTable: Sendable {
  /// The keys' values, case after case (`keyWidth` values each), and each key's hash.
  private var keyValues: [Value] = []
  private var hashes: [Int] = []
  /// How many values a key has (known from the first case).
  private var keyWidth = 0
  /// For keys of one value: the bytes of each case's text, one after another, and where
  /// each case's are (start << 32 | count; -1 for a key that is not a text), to compare a
  /// reader's unread text with.
  private var textBytes: [UInt8] = []
  private var textSpans: [Int] = []
  /// Cases by hash (open addressing, linear probing), at most half full: each slot holds a
  /// case's number in its low 32 bits and the high 32 bits of its hash above them (`entry`),
  /// so that a probe compares hashes without reading the case's; -1 is free.
  private var index: [Int] = []
  /// The cases' events per policy and aggregates' states (each case's policies one after
  /// another), a page per 4,096 cases.
  private var pages: [CasePage] = []
  /// A page holds `1 << pageShift` cases.
  private static let pageShift = 12
  private static let pageMask = (1 << pageShift) - 1
  /// Where each policy's states start in a case's, and how many states a case has.
  private let offsets: [Int]
  private let stride: Int
  /// Per policy, how many aggregates it has.
  package let widths: [Int]

  package init(widths: [Int]) {
    self.widths = widths
    var offsets: [Int] = []
    var stride = 0
    for width in widths {
      offsets.append(stride)
      stride += width
    }
    self.offsets = offsets
    self.stride = stride
  }

  /// How many cases the table holds.
  package var count: Int { hashes.count }

  /// The key of case `number`.
  package func key(_ number: Int) -> GroupKey {
    let start = number * keyWidth
    return GroupKey(values: Array(keyValues[start..<start + keyWidth]), window: 0)
  }

  /// The number of the case of one-value key `value`, adding it when it is new.
  package mutating func number(of value: Value) -> Int {
    let hash = Self.hash(CollectionOfOne(value))
    if let number = find(hash, { keyWidth == 1 && keyValues[$0] == value }) { return number }
    return add(CollectionOfOne(value), hash: hash)
  }

  /// The number of the case of one-text key `bytes` (as a reader left it, unread), adding it
  /// when it is new: for a text of ASCII, hashed and compared as bytes, no string made.
  package mutating func number(ofText bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard TextBytes.isASCII(bytes) else {
      return number(of: .text(String(decoding: bytes, as: UTF8.self)))
    }
    let hash = Self.hash(normalized: bytes)
    if let number = find(hash, { hasText($0, bytes) }) { return number }
    return add(CollectionOfOne(.text(String(decoding: bytes, as: UTF8.self))), hash: hash)
  }

  /// The number of the case of key `values`, adding it when it is new.
  package mutating func number(of values: [Value]) -> Int {
    let hash = Self.hash(values)
    if let number = find(hash, { matches($0, values) }) { return number }
    return add(values, hash: hash)
  }

  /// The number of the case of `key`, if the table has it.
  package func number(of key: GroupKey) -> Int? {
    guard key.window == 0 else { return nil }
    return find(Self.hash(key.values)) { matches($0, key.values) }
  }

  /// Adds the event in `frame` to case `number` of `policy`. `unique`: the case's page was
  /// made unique for this event already (by `add` for an earlier policy over the event).
  package mutating func add(
    _ frame: Frame, policy: Int, case number: Int,
    _ aggregates: UnsafeMutableBufferPointer<Unmanaged<CompiledAggregate>>, unique: Bool = false
  ) {
    let (page, place) = (number >> Self.pageShift, number & Self.pageMask)
    if !unique { makeUnique(page) }
    pages[page].records[place * widths.count + policy] += 1
    let states = pages[page].states + (place * stride + offsets[policy])
    for index in 0..<widths[policy] {
      aggregates[index]._withUnsafeGuaranteedRef { states[index].add(frame, $0) }
    }
  }

  /// Copies page `page` if another table shares it, before it changes.
  private mutating func makeUnique(_ page: Int) {
    if !isKnownUniquelyReferenced(&pages[page]) { pages[page] = pages[page].copy() }
  }

  /// Case `number` as `policy` saw it, or nil if no event of it reached the policy.
  package func group(policy: Int, case number: Int) -> GroupState? {
    let (page, place) = (number >> Self.pageShift, number & Self.pageMask)
    let records = pages[page].records[place * widths.count + policy]
    guard records > 0 else { return nil }
    let states = pages[page].states + (place * stride + offsets[policy])
    return GroupState(
      records: records,
      aggregates: Array(UnsafeBufferPointer(start: states, count: widths[policy])))
  }

  /// How many values a case's key has (known from the first case).
  package var keyCount: Int { keyWidth }

  /// The value at `position` of case `number`'s key.
  package func keyValue(_ number: Int, at position: Int = 0) -> Value {
    keyValues[number * keyWidth + position]
  }

  /// Case `number` as `policy` saw it, in place: how many of its events reached the policy
  /// and where its states for the policy lie (`widths[policy]` of them); nil if no event of
  /// it reached the policy. The states stay where they are while the table is neither
  /// changed nor released.
  package func states(
    policy: Int, case number: Int
  ) -> (records: Int, states: UnsafePointer<AggregateState>)? {
    let (page, place) = (number >> Self.pageShift, number & Self.pageMask)
    let records = pages[page].records[place * widths.count + policy]
    guard records > 0 else { return nil }
    return (records, UnsafePointer(pages[page].states + (place * stride + offsets[policy])))
  }

  /// Reads case `number`'s count of events, first state for `policy` and key and returns
  /// their sum, so that a loop over cases out of table order can bring a batch of cases' memory
  /// into the caches at once (`Program.judgeCases`).
  package func touch(policy: Int, case number: Int) -> Int {
    let (page, place) = (number >> Self.pageShift, number & Self.pageMask)
    let states = pages[page].states + (place * stride + offsets[policy])
    return pages[page].records[place * widths.count + policy]
      &+ (widths[policy] > 0 ? states[0].count : 0) &+ keyWord(number)
  }

  /// The first word of case `number`'s key, read as bytes (a value read as a value would be
  /// retained): to bring it into the caches.
  private func keyWord(_ number: Int) -> Int {
    guard keyWidth > 0 else { return 0 }
    return keyValues.withUnsafeBytes {
      $0.load(fromByteOffset: number * keyWidth * MemoryLayout<Value>.stride, as: Int.self)
    }
  }

  /// Puts case `number` as `policy` saw it in `state` (a state of the policy's width, reused
  /// from case to case); false if no event of it reached the policy.
  package func load(policy: Int, case number: Int, into state: inout GroupState) -> Bool {
    let (page, place) = (number >> Self.pageShift, number & Self.pageMask)
    state.records = pages[page].records[place * widths.count + policy]
    guard state.records > 0 else { return false }
    let states = pages[page].states + (place * stride + offsets[policy])
    for index in 0..<widths[policy] {
      state.aggregates[index] = states[index]
    }
    return true
  }

  /// The case numbers in the order reports list cases (`GroupKey.precedes`).
  package func numbersInKeyOrder() -> [Int] {
    CaseOrder.sorted(keyValues, width: keyWidth, count: count)
  }

  /// Adds the cases another part of the input (a later chunk) found: each of its cases is
  /// found here by the hash it already has, in the order it met them. A batch at a time: the
  /// memory its cases will need here is read first (`touch`), with loads that do not wait for
  /// one another, so that the processor waits for their cache misses together rather than
  /// case after case (a table of 200,000 cases is far larger than the caches).
  package mutating func merge(_ other: CaseTable) {
    if count == 0 {
      self = other
      return
    }
    guard other.count > 0 else { return }
    reserve(count + other.count)
    var start = 0
    while start < other.count {
      let end = Swift.min(start + Self.mergeBatch, other.count)
      if touch(other, start..<end) == Int.min { Self.touched() }
      for otherNumber in start..<end { merge(otherNumber, of: other) }
      start = end
    }
  }

  /// The cases `merge` touches ahead at a time: their memory fits the first-level cache.
  private static let mergeBatch = 16

  /// Reads where cases `numbers` of `other` will be merged: their slots in the index, then the
  /// key, counts and first and last states of the case each slot holds (most cases are
  /// found at their first slot). Returns a sum of what it read, so that the reads are kept.
  private func touch(_ other: CaseTable, _ numbers: Range<Int>) -> Int {
    let mask = index.count - 1
    var sum = 0
    for otherNumber in numbers { sum &+= index[other.hashes[otherNumber] & mask] }
    for otherNumber in numbers {
      let entry = index[other.hashes[otherNumber] & mask]
      guard entry >= 0 else { continue }
      let number = Self.number(entry)
      let (page, place) = (number >> Self.pageShift, number & Self.pageMask)
      let states = pages[page].states + place * stride
      sum &+= pages[page].records[place * widths.count]
      if stride > 0 { sum &+= states[0].count &+ states[stride - 1].count }
      sum &+= keyWord(number)
    }
    return sum
  }

  /// Called when a sum of reads is `Int.min`, hardly ever and to no effect: the test keeps the
  /// sum, and so the reads, from being left out by the compiler.
  @inline(never)
  private static func touched() {}

  /// Adds case `otherNumber` of `other` to its case here (`merge(_:)`).
  private mutating func merge(_ otherNumber: Int, of other: CaseTable) {
    let hash = other.hashes[otherNumber]
    let start = otherNumber * other.keyWidth
    let values = other.keyValues[start..<start + other.keyWidth]
    let number = find(hash, { matches($0, values) }) ?? add(values, hash: hash)
    let (page, place) = (number >> Self.pageShift, number & Self.pageMask)
    let (otherPage, otherPlace) = (otherNumber >> Self.pageShift, otherNumber & Self.pageMask)
    makeUnique(page)
    let (records, otherRecords) = (
      pages[page].records + place * widths.count,
      other.pages[otherPage].records + otherPlace * widths.count
    )
    for policy in widths.indices { records[policy] += otherRecords[policy] }
    let (states, otherStates) = (
      pages[page].states + place * stride, other.pages[otherPage].states + otherPlace * stride
    )
    for index in 0..<stride { states[index].merge(otherStates[index]) }
  }

  /// The order of case `a`'s key after case `b`'s of `other`, as reports list cases, from
  /// the bytes kept of keys of one text (`TextBytes.compare`): positive when it comes after;
  /// nil when either key is not one text.
  package func textOrder(_ a: Int, after b: Int, of other: CaseTable) -> Int? {
    guard keyWidth == 1, other.keyWidth == 1, textSpans[a] >= 0, other.textSpans[b] >= 0 else {
      return nil
    }
    let (start, count) = (textSpans[a] >> 32, textSpans[a] & 0xFFFF_FFFF)
    let (otherStart, otherCount) = (other.textSpans[b] >> 32, other.textSpans[b] & 0xFFFF_FFFF)
    return textBytes.withUnsafeBufferPointer { own in
      other.textBytes.withUnsafeBufferPointer { theirs in
        for index in 0..<Swift.min(count, otherCount)
        where own[start + index] != theirs[otherStart + index] {
          return own[start + index] < theirs[otherStart + index] ? -1 : 1
        }
        return count == otherCount ? 0 : count < otherCount ? -1 : 1
      }
    }
  }

  /// A table holding only this one's last case (its key, events and states), the others
  /// released (`CaseRelease`).
  package func keepingLast() -> CaseTable {
    var kept = CaseTable(widths: widths)
    guard count > 0 else { return kept }
    let last = count - 1
    let start = last * keyWidth
    _ = kept.add(keyValues[start..<start + keyWidth], hash: hashes[last])
    let (page, place) = (last >> Self.pageShift, last & Self.pageMask)
    let (records, states) = (
      pages[page].records + place * widths.count, pages[page].states + place * stride
    )
    for policy in widths.indices { kept.pages[0].records[policy] = records[policy] }
    for index in 0..<stride { kept.pages[0].states[index] = states[index] }
    return kept
  }

  // MARK: - The index

  /// The hash of a key's values (the same for a key however it is held): of one text, that
  /// of its bytes in normal form (`hash(normalized:)`), so that texts equal as `==` finds
  /// them (canonically equivalent) hash alike and one of ASCII is hashed from its bytes.
  private static func hash(_ values: some Collection<Value>) -> Int {
    if values.count == 1, case .text(var text) = values.first {
      let ascii = text.withUTF8 { TextBytes.isASCII($0) }
      if ascii { return text.withUTF8 { hash(normalized: $0) } }
      // The text's canonical composition (NFC), as the standard library compares texts.
      return text._nfcCodeUnits.withUnsafeBufferPointer { hash(normalized: $0) }
    }
    var hasher = Hasher()
    for value in values { hasher.combine(value) }
    return hasher.finalize()
  }

  /// A hash of bytes (a text's in normal form), eight at a time: each word multiplied in,
  /// then the length and a final mix, seeded once per run so that no input can be made to
  /// collide on purpose. Much cheaper than `Hasher` for the short keys of cases.
  private static func hash(normalized bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var hash = seed ^ UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
    guard let base = bytes.baseAddress else { return Int(truncatingIfNeeded: mix(hash)) }
    let raw = UnsafeRawPointer(base)
    var offset = 0
    while offset + 8 <= bytes.count {
      let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
      hash ^= hash >> 29
      offset += 8
    }
    if offset < bytes.count {
      var word: UInt64 = 0
      for index in offset..<bytes.count {
        word |= UInt64(bytes[index]) << UInt64((index - offset) * 8)
      }
      hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
    }
    return Int(truncatingIfNeeded: mix(hash))
  }

  /// The final mix of `hash(normalized:)` (MurmurHash3's), so that every bit of the words
  /// reaches the low bits the index uses.
  @inline(__always)
  private static func mix(_ hash: UInt64) -> UInt64 {
    var hash = hash
    hash ^= hash >> 33
    hash = hash &* 0xFF51_AFD7_ED55_8CCD
    hash ^= hash >> 33
    hash = hash &* 0xC4CE_B9FE_1A85_EC53
    return hash ^ hash >> 33
  }

  /// The seed of `hash(normalized:)`: random, once per run (the case numbers and every
  /// output are the same whatever it is).
  private static let seed: UInt64 = {
    var generator = SystemRandomNumberGenerator()
    return generator.next()
  }()

  /// Whether case `number`'s key is the text of ASCII `bytes`: its bytes are, or (when the
  /// hashes agree but the bytes do not) its text is canonically equivalent to them (U+212A
  /// KELVIN SIGN is "K").
  private func hasText(_ number: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard keyWidth == 1, textSpans[number] >= 0 else { return false }
    let (start, count) = (textSpans[number] >> 32, textSpans[number] & 0xFFFF_FFFF)
    let same = textBytes.withUnsafeBufferPointer { own in
      guard count == bytes.count else { return false }
      for index in 0..<count where own[start + index] != bytes[index] { return false }
      return true
    }
    return same || keyValues[number] == .text(String(decoding: bytes, as: UTF8.self))
  }

  /// Whether case `number`'s key is `values`.
  private func matches(_ number: Int, _ values: some Collection<Value>) -> Bool {
    guard values.count == keyWidth else { return false }
    var position = number * keyWidth
    for value in values {
      if keyValues[position] != value { return false }
      position += 1
    }
    return true
  }

  /// The case whose hash is `hash` and for which `isKey` holds, if any.
  private func find(_ hash: Int, _ isKey: (Int) -> Bool) -> Int? {
    guard !index.isEmpty else { return nil }
    let mask = index.count - 1
    var slot = hash & mask
    let tag = Self.entry(0, hash: hash)
    while true {
      let entry = index[slot]
      if entry < 0 { return nil }
      if entry & ~0xFFFF_FFFF == tag, isKey(Self.number(entry)) { return Self.number(entry) }
      slot = (slot + 1) & mask
    }
  }

  /// Adds a case (not in the table yet) and returns its number.
  private mutating func add(_ values: some Collection<Value>, hash: Int) -> Int {
    if keyWidth == 0 { keyWidth = values.count }
    let number = count
    reserve(number + 1)
    keyValues.append(contentsOf: values)
    hashes.append(hash)
    if keyWidth == 1 {
      if case .text(let text) = values.first {
        textSpans.append(textBytes.count << 32 | text.utf8.count)
        textBytes.append(contentsOf: text.utf8)
      } else {
        textSpans.append(-1)
      }
    }
    place(number, hash: hash)
    if number & Self.pageMask == 0 {
      pages.append(CasePage(policies: widths.count, stride: stride))
    }
    makeUnique(pages.count - 1)
    pages[pages.count - 1].append()
    return number
  }

  /// Makes the index large enough for `cases` cases (at most half full).
  private mutating func reserve(_ cases: Int) {
    guard cases * 2 > index.count else { return }
    var size = Swift.max(16, index.count)
    while cases * 2 > size { size *= 2 }
    index = Array(repeating: -1, count: size)
    for number in hashes.indices { place(number, hash: hashes[number]) }
  }

  /// Puts case `number` in the index's first free slot for `hash`.
  private mutating func place(_ number: Int, hash: Int) {
    let mask = index.count - 1
    var slot = hash & mask
    while index[slot] >= 0 { slot = (slot + 1) & mask }
    index[slot] = Self.entry(number, hash: hash)
  }

  /// The index's entry for case `number` of hash `hash`: the hash's high 32 bits (the low
  /// ones pick the slot) above the number, never negative (-1 is a free slot).
  @inline(__always)
  private static func entry(_ number: Int, hash: Int) -> Int {
    Int(bitPattern: UInt(bitPattern: hash) & 0x7FFF_FFFF_0000_0000) | number
  }

  /// The case number of an index entry.
  @inline(__always)
  private static func number(_ entry: Int) -> Int { entry & 0xFFFF_FFFF }
}

/// Where a group policy over an event log's cases keeps them: its table (one per events
/// file) and its place among the table's policies.
package struct CaseSlot: Sendable {
  package var table: Int
  package var policy: Int
}

/// The shape of an audit's tally: how many group policies, and the case tables of the
/// events files with each policy's number of aggregates.
package struct TallyShape: Sendable {
  package var groupPolicies = 0
  package var caseWidths: [[Int]] = []
  /// Per group policy, in order, its case slot (nil outside events files, and for sequence
  /// policies, which keep groups of their own).
  package var slots: [CaseSlot?] = []

  package init(_ checked: CheckedProgram) {
    var tables: [Int: Int] = [:]
    for policy in checked.policies {
      guard let group = policy.group else { continue }
      groupPolicies += 1
      guard let file = group.caseFile, group.followUp == nil else {
        slots.append(nil)
        continue
      }
      let table = tables[file] ?? caseWidths.count
      if table == caseWidths.count {
        tables[file] = table
        caseWidths.append([])
      }
      slots.append(CaseSlot(table: table, policy: caseWidths[table].count))
      caseWidths[table].append(group.aggregates.count)
    }
  }
}
