import Synchronization

/// Tells subscribers when the log has grown past a position.
final class CommitNotifier: Sendable {
    private struct State {
        var lastPosition: UInt64
        var closed = false
        var waiters: [Int: (after: UInt64, continuation: CheckedContinuation<Bool, Never>)] = [:]
        var nextID = 0
    }

    private let state: Mutex<State>

    init(lastPosition: UInt64) {
        state = Mutex(State(lastPosition: lastPosition))
    }

    var lastPosition: UInt64 { state.withLock { $0.lastPosition } }

    /// Records a commit up to `position` and wakes those waiting for less.
    func committed(upTo position: UInt64) {
        let ready = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.lastPosition = max(state.lastPosition, position)
            let due = state.waiters.filter { $0.value.after < position }
            for id in due.keys { state.waiters[id] = nil }
            return due.values.map(\.continuation)
        }
        for continuation in ready { continuation.resume(returning: true) }
    }

    /// Wakes every waiter with `false`: no more commits will come.
    func close() {
        let all = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.closed = true
            defer { state.waiters = [:] }
            return state.waiters.values.map(\.continuation)
        }
        for continuation in all { continuation.resume(returning: false) }
    }

    /// Waits until the log holds a position after `position`. False if the store closed or the task was cancelled.
    func wait(after position: UInt64) async -> Bool {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate: Bool? = state.withLock { state in
                    if state.closed || Task.isCancelled { return false }
                    if state.lastPosition > position { return true }
                    state.waiters[id] = (position, continuation)
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(returning: false)
        }
    }
}
