/// A catch-up subscription: the events after a position, then each new commit, in log order.
///
/// Pulls pages from the store as the consumer asks, so a slow consumer holds no backlog in
/// memory. Ends when the store closes or the consuming task is cancelled.
public struct EventSubscription: AsyncSequence, Sendable {
    public typealias Element = RecordedEvent

    let store: EventStore
    let after: UInt64

    public func makeAsyncIterator() -> Iterator {
        Iterator(store: store, position: after)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let store: EventStore
        var position: UInt64
        var buffer: [RecordedEvent] = []
        var index = 0

        /// Whether `next()` has an event at hand, read with the last page: it will return it
        /// without reading the store or waiting for a commit.
        public var hasBuffered: Bool { index < buffer.count }

        public mutating func next() async throws -> RecordedEvent? {
            while index == buffer.count {
                if Task.isCancelled { return nil }
                buffer = try store.readAll(from: position + 1, limit: 512)
                index = 0
                if buffer.isEmpty {
                    guard await store.notifier.wait(after: position) else { return nil }
                }
            }
            defer { index += 1 }
            position = buffer[index].position
            return buffer[index]
        }
    }
}
