import Foundation

/// Wakes long polls when a cluster's stream changes: a counter per cluster and the waiters
/// parked on it. A wait is bounded by its timeout; closing wakes everyone (graceful shutdown).
actor ClusterSignals {
    private var versions: [String: UInt64] = [:]
    private var waiters: [String: [UUID: CheckedContinuation<Void, Never>]] = [:]
    private var closed = false

    /// The cluster's change counter, read before checking state so no change is missed.
    func version(of cluster: String) -> UInt64 { versions[cluster, default: 0] }

    /// The cluster changed: wake its waiters.
    func signal(_ cluster: String) {
        versions[cluster, default: 0] &+= 1
        for continuation in (waiters.removeValue(forKey: cluster) ?? [:]).values { continuation.resume() }
    }

    /// Returns when the cluster changes after `version`, after `timeout`, at shutdown, or when
    /// the waiting task is cancelled.
    nonisolated func wait(for cluster: String, after version: UInt64, timeout: Duration) async {
        let id = UUID()
        await withTaskCancellationHandler {
            await park(id, on: cluster, after: version, timeout: timeout)
        } onCancel: {
            Task { await self.unpark(id, on: cluster) }
        }
    }

    private func park(_ id: UUID, on cluster: String, after version: UInt64?, timeout: Duration?) async {
        guard !closed, unparked.remove(id) == nil, version.map({ versions[cluster, default: 0] == $0 }) ?? true else { return }
        let expiry = timeout.map { timeout in
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                await self?.unpark(id, on: cluster)
            }
        }
        await withCheckedContinuation { continuation in
            waiters[cluster, default: [:]][id] = continuation
        }
        expiry?.cancel()
    }

    /// Wakes one waiter; remembers the id if it has not parked yet (cancelled before it began).
    private func unpark(_ id: UUID, on cluster: String) {
        if let continuation = waiters[cluster]?.removeValue(forKey: id) {
            continuation.resume()
        } else if !closed {
            unparked.insert(id)
        }
    }

    /// Returns once `close()` was called, or when the waiting task is cancelled.
    nonisolated func untilClosed() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await park(id, on: Self.closing, after: nil, timeout: nil)
        } onCancel: {
            Task { await self.unpark(id, on: Self.closing) }
        }
    }

    private static let closing = "\u{0}closing"
    private var unparked = Set<UUID>()

    /// Wakes every waiter and makes later waits return at once.
    func close() {
        closed = true
        for continuation in waiters.values.flatMap(\.values) { continuation.resume() }
        waiters = [:]
    }
}
