import EventStore
import Foundation
import Synchronization

/// The sink's writer thread: encodes what the simulation left unencoded and appends the batches.
///
/// The store is new and filled by this replay alone, so it is written as one bulk load
/// (`BulkLoad`): the log and event ids as the batches come, the other indexes once at the end.
///
/// Written batches go back to the submitting thread, which frees them when it submits the next
/// one, and the envelopes die on the writer thread: memory is freed by the thread that allocated
/// it. (Freed on the other thread, each event's allocations went back to the allocating thread's
/// malloc arena under its lock, and the two threads kept waking each other on that lock.)
///
/// `@unchecked Sendable`: `load` is touched only on `queue` (one serial queue);
/// the batches waiting, the batches written and the failure are behind mutexes; `slots` bounds
/// the batches in flight.
final class SinkWriter: @unchecked Sendable {
    private let store: EventStore
    private let queue = DispatchQueue(label: "replay-event-sink")
    private let slots = DispatchSemaphore(value: 2)
    private let failure = Mutex<(any Error)?>(nil)
    private let waiting = Mutex<[[PendingAppend]]>([])
    private let written = Mutex<[[PendingAppend]]>([])
    /// Begun with the first batch, finished by `finish`.
    private var load: BulkLoad?

    init(store: EventStore) {
        self.store = store
    }

    /// Queues a batch, taking it from `items` (left empty); blocks while two batches are already
    /// in flight. Frees the batches written meanwhile. Returns whether a slot was free at once
    /// (false: the writer is behind).
    @discardableResult
    func submit(_ items: inout [PendingAppend]) throws -> Bool {
        try rethrowFailure()
        let keptUp = slots.wait(timeout: .now()) == .success
        if !keptUp { slots.wait() }
        free()
        waiting.withLock { $0.append([]); swap(&$0[$0.count - 1], &items) }
        queue.async { [self] in
            defer { slots.signal() }
            // Moved, not copied, from list to list: only the submitting thread ever holds the last reference.
            var batch: [PendingAppend] = []
            waiting.withLock { swap(&$0[0], &batch); $0.removeFirst() }
            if failure.withLock({ $0 == nil }) {
                do { try write(batch) } catch { failure.withLock { $0 = error } }
            }
            written.withLock { $0.append([]); swap(&$0[$0.count - 1], &batch) }
        }
        return keptUp
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
        var batches: [[PendingAppend]] = []
        written.withLock { swap(&$0, &batches) }
    }

    private func rethrowFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func write(_ items: [PendingAppend]) throws {
        // The requests encoded here die here; those the simulation encoded go back with the batch.
        var requests: [AppendRequest] = []
        requests.reserveCapacity(items.count)
        for index in items.indices {
            try requests.append(items[index].request())
        }
        // Any refusal means the simulation and the store disagree: the load throws, and stops there.
        if load == nil { load = try store.beginBulkLoad() }
        try load?.append(requests)
    }
}
