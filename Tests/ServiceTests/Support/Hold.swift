import Synchronization

/// Where a test holds the service's requests (a `ServiceHooks` closure calls `hold()`): each
/// arrival is counted, and every one waits until `release()`, after which none waits.
final class Hold: Sendable {
    private struct State {
        var arrived = 0
        var released = false
        var held: [CheckedContinuation<Void, Never>] = []
        /// Those waiting for a number of arrivals, with that number.
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    /// How many came so far.
    var arrived: Int { state.withLock { $0.arrived } }

    /// Counts the caller in and waits for `release` (returns at once after it).
    func hold() async {
        await withCheckedContinuation { continuation in
            let (free, watchers) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
                state.arrived += 1
                let watchers = ready(&state)
                if state.released { return (true, watchers) }
                state.held.append(continuation)
                return (false, watchers)
            }
            watchers.forEach { $0.resume() }
            if free { continuation.resume() }
        }
    }

    /// Returns once `count` callers have come.
    func arrivals(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.arrived >= count { return true }
                state.watchers.append((count, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Lets every caller held go on, and every later one through.
    func release() {
        let held = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.released = true
            defer { state.held = [] }
            return state.held
        }
        held.forEach { $0.resume() }
    }

    /// The watchers whose count is reached, taken off the list.
    private func ready(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        let arrived = state.arrived
        let ready = state.watchers.filter { $0.count <= arrived }.map(\.continuation)
        state.watchers.removeAll { $0.count <= arrived }
        return ready
    }

    /// Waits, yielding, until `condition` holds (false if it never does): for a request that
    /// either finishes or parks behind another, whichever the code under test does.
    static func until(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<10_000_000 {
            if condition() { return true }
            await Task.yield()
        }
        return false
    }
}
