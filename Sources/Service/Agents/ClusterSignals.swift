import Foundation
import Synchronization

/// Wakes long polls when a cluster's stream changes: a counter per cluster and the waiters
/// parked on it. A wait is bounded by its timeout; closing wakes everyone (graceful shutdown).
///
/// A lock, not an actor: every recorded report signals its cluster, and taking a lock costs far
/// less than a hop to another executor. Continuations are resumed outside the lock.
final class ClusterSignals: Sendable {
    private struct State {
        var versions: [String: UInt64] = [:]
        var waiters: [String: [UUID: CheckedContinuation<Void, Never>]] = [:]
        /// Waits cancelled or expired before they parked: they return at once when they do.
        var unparked = Set<UUID>()
        var closed = false
    }

    private let state = Mutex(State())
    private static let closing = "\u{0}closing"

    /// The cluster's change counter, read before checking state so no change is missed.
    func version(of cluster: String) -> UInt64 {
        state.withLock { $0.versions[cluster, default: 0] }
    }

    /// The cluster changed: wake its waiters.
    func signal(_ cluster: String) {
        let woken = state.withLock { state in
            state.versions[cluster, default: 0] &+= 1
            return state.waiters.removeValue(forKey: cluster).map { Array($0.values) } ?? []
        }
        for continuation in woken { continuation.resume() }
    }

    /// Returns when the cluster changes after `version`, after `timeout`, at shutdown, or when
    /// the waiting task is cancelled.
    func wait(for cluster: String, after version: UInt64, timeout: Duration) async {
        let id = UUID()
        await withTaskCancellationHandler {
            await park(id, on: cluster, after: version, timeout: timeout)
        } onCancel: {
            unpark(id, on: cluster)
        }
    }

    /// Returns once `close()` was called, or when the waiting task is cancelled.
    func untilClosed() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await park(id, on: Self.closing, after: nil, timeout: nil)
        } onCancel: {
            unpark(id, on: Self.closing)
        }
    }

    /// Wakes every waiter and makes later waits return at once.
    func close() {
        let woken = state.withLock { state in
            state.closed = true
            defer { state.waiters = [:] }
            return state.waiters.values.flatMap(\.values)
        }
        for continuation in woken { continuation.resume() }
    }

    private func park(_ id: UUID, on cluster: String, after version: UInt64?, timeout: Duration?) async {
        let expiry = timeout.map { timeout in
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                self?.unpark(id, on: cluster)
            }
        }
        await withCheckedContinuation { continuation in
            let parked = state.withLock { state in
                guard !state.closed, state.unparked.remove(id) == nil,
                      version.map({ state.versions[cluster, default: 0] == $0 }) ?? true
                else { return false }
                state.waiters[cluster, default: [:]][id] = continuation
                return true
            }
            if !parked { continuation.resume() }
        }
        expiry?.cancel()
    }

    /// Wakes one waiter; remembers the id if it has not parked yet (cancelled before it began).
    private func unpark(_ id: UUID, on cluster: String) {
        let woken = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let continuation = state.waiters[cluster]?.removeValue(forKey: id) { return continuation }
            if !state.closed { state.unparked.insert(id) }
            return nil
        }
        woken?.resume()
    }
}
