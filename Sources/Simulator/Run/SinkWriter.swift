import EventStore
import Foundation
import Synchronization

/// The sink's writer thread: encodes batches of items into store envelopes and appends them.
///
/// The store is new and filled by this replay alone, so it is written as one bulk load
/// (`BulkLoad`): the log and event ids as the batches come, the other indexes once at the end.
///
/// Written batches go back to the submitting thread, which frees them when it submits the next
/// one, and the envelopes die on the writer thread: memory is freed by the thread that allocated
/// it. (Freed on the other thread, each event's allocations went back to the allocating thread's
/// malloc arena under its lock, and the two threads kept waking each other on that lock.)
///
/// `@unchecked Sendable`: `encoder` and `load` are touched only on `queue` (one serial queue);
/// the batches waiting, the batches written and the failure are behind mutexes; `slots` bounds
/// the batches in flight.
final class SinkWriter: @unchecked Sendable {
    private let store: EventStore
    private let queue = DispatchQueue(label: "replay-event-sink")
    private let slots = DispatchSemaphore(value: 2)
    private let failure = Mutex<(any Error)?>(nil)
    private let waiting = Mutex<[[EventSink.Item]]>([])
    private let written = Mutex<[[EventSink.Item]]>([])
    private var encoder: SinkEncoder
    /// Begun with the first batch, finished by `finish`.
    private var load: BulkLoad?

    init(store: EventStore, seed: UInt64) {
        self.store = store
        self.encoder = SinkEncoder(seed: seed)
    }

    /// Queues a batch, taking it from `requests` (left empty); blocks while two batches are
    /// already in flight. Frees the batches written meanwhile.
    func submit(_ items: inout [EventSink.Item]) throws {
        try rethrowFailure()
        slots.wait()
        free()
        waiting.withLock { $0.append([]); swap(&$0[$0.count - 1], &items) }
        queue.async { [self] in
            defer { slots.signal() }
            // Moved, not copied, from list to list: only the submitting thread ever holds the last reference.
            var batch: [EventSink.Item] = []
            waiting.withLock { swap(&$0[0], &batch); $0.removeFirst() }
            if failure.withLock({ $0 == nil }) {
                do { try write(batch) } catch { failure.withLock { $0 = error } }
            }
            written.withLock { $0.append([]); swap(&$0[$0.count - 1], &batch) }
        }
    }

    /// Writes the store's indexes once every submitted batch is written, on the writer thread,
    /// while the caller goes on; `awaitFinished` waits for it.
    func finish() {
        queue.async { [self] in
            guard failure.withLock({ $0 == nil }) else { return }
            do {
                try load?.finish()
                load = nil
            } catch {
                failure.withLock { $0 = error }
            }
        }
    }

    /// Waits for every submitted batch and, after `finish`, for the indexes; throws the first failure.
    func awaitFinished() throws {
        queue.sync {}
        free()
        try rethrowFailure()
    }

    /// Frees the batches written (on the calling thread: the one that allocated them).
    private func free() {
        var batches: [[EventSink.Item]] = []
        written.withLock { swap(&$0, &batches) }
    }

    private func rethrowFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func write(_ items: [EventSink.Item]) throws {
        var requests: [AppendRequest] = []
        requests.reserveCapacity(items.count)
        for item in items {
            switch item {
            case let .edge(events, active, cluster, actor, at):
                try requests.append(encoder.request(for: events, activeUpgrade: active, cluster: cluster, actor: actor, at: at))
            case let .template(events, cluster, actor, at, inProgress):
                try requests.append(encoder.request(for: events, cluster: cluster, actor: actor, at: at, inProgress: inProgress))
            case let .assignment(assignment, actor, at):
                try requests.append(encoder.request(for: assignment, actor: actor, at: at))
            }
        }
        // Any refusal means the simulation and the store disagree: the load throws, and stops there.
        if load == nil { load = try store.beginBulkLoad() }
        try load?.append(requests)
    }
}
