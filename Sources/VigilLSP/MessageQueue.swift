import Foundation

/// The messages read but not yet handled, between the thread that reads standard input and
/// the one that handles them. A `$/cancelRequest` for a request still waiting here turns it
/// into a cancelled one, answered with -32800 instead of being handled.
package final class MessageQueue: @unchecked Sendable {
  /// What the reading thread hands over.
  package enum Item: Sendable {
    /// A message, read as JSON.
    case message(JSON)
    /// A body that is not JSON.
    case unreadable([UInt8])
    /// A request cancelled before it was handled: its id.
    case cancelled(JSON)
    /// The input ended.
    case end
  }

  private let condition = NSCondition()
  private var items: [Item] = []

  package init() {}

  /// Adds an item; a cancellation finds its request among the waiting ones.
  package func push(_ item: Item) {
    condition.lock()
    defer {
      condition.signal()
      condition.unlock()
    }
    if case .message(let message) = item, message["method"]?.string == "$/cancelRequest",
      let id = message["params"]?["id"]
    {
      if let index = items.firstIndex(where: { Self.isRequest($0, id: id) }) {
        items[index] = .cancelled(id)
      }
    }
    items.append(item)
  }

  private static func isRequest(_ item: Item, id: JSON) -> Bool {
    guard case .message(let message) = item, message["method"] != nil else { return false }
    return message["id"] == id
  }

  /// The next item, waiting for one until `deadline` (nanoseconds of the monotonic clock;
  /// forever when nil): nil when the deadline passed first.
  package func pop(until deadline: UInt64?) -> Item? {
    condition.lock()
    defer { condition.unlock() }
    while items.isEmpty {
      guard let deadline else {
        condition.wait()
        continue
      }
      let now = DispatchTime.now().uptimeNanoseconds
      guard now < deadline else { return nil }
      _ = condition.wait(until: Date(timeIntervalSinceNow: Double(deadline - now) / 1e9))
    }
    return items.removeFirst()
  }
}
