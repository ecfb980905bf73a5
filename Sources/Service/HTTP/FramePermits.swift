import Synchronization

/// How far a server-sent event stream may run ahead of its client: the reader takes a permit for
/// each write it queues (one frame, or a batch of a catch-up's frames), the writer gives one back
/// for each it has written to the connection. A slow client then holds at most `capacity` writes
/// queued for it (beside the subscription's page of events), and the store is read about as fast
/// as the client reads.
/// One reader waits at a time. `close()` ends the wait (and every later one) with false.
final class FramePermits: Sendable {
    private struct State {
        var available: Int
        var closed = false
        var waiting: CheckedContinuation<Bool, Never>?
    }

    private let state: Mutex<State>

    init(capacity: Int) {
        precondition(capacity > 0, "a stream needs room for one frame")
        state = Mutex(State(available: capacity))
    }

    /// Permits free now.
    var available: Int { state.withLock { $0.available } }

    /// Whether a reader is waiting for a permit.
    var hasWaiter: Bool { state.withLock { $0.waiting != nil } }

    /// Waits for a permit; false once closed.
    func take() async -> Bool {
        await withCheckedContinuation { continuation in
            let now: Bool? = state.withLock { state in
                if state.closed { return false }
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                precondition(state.waiting == nil, "one reader takes permits")
                state.waiting = continuation
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// One frame went to the client: its permit goes to the waiting reader, or back to the pool.
    func giveBack() {
        let waiting = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            if let waiting = state.waiting {
                state.waiting = nil
                return waiting
            }
            state.available += 1
            return nil
        }
        waiting?.resume(returning: true)
    }

    /// Ends the stream's permits: a waiting reader gets false, and so does every later take.
    func close() {
        let waiting = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.closed = true
            defer { state.waiting = nil }
            return state.waiting
        }
        waiting?.resume(returning: false)
    }
}
