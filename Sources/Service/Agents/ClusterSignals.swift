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

    /// Returns when the cluster changes after `version`, after `timeout`, or at shutdown.
    func wait(for cluster: String, after version: UInt64, timeout: Duration) async {
        guard !closed, versions[cluster, default: 0] == version else { return }
        let id = UUID()
        let expiry = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(cluster, id)
        }
        await withCheckedContinuation { continuation in
            waiters[cluster, default: [:]][id] = continuation
        }
        expiry.cancel()
    }

    private func expire(_ cluster: String, _ id: UUID) {
        waiters[cluster]?.removeValue(forKey: id)?.resume()
    }

    /// Returns once `close()` was called, or when the waiting task is cancelled.
    nonisolated func untilClosed() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await park(id)
        } onCancel: {
            Task { await self.unpark(id) }
        }
    }

    private static let closing = "\u{0}closing"
    private var unparked = Set<UUID>()

    private func park(_ id: UUID) async {
        guard !closed, unparked.remove(id) == nil else { return }
        await withCheckedContinuation { continuation in
            waiters[Self.closing, default: [:]][id] = continuation
        }
    }

    private func unpark(_ id: UUID) {
        if let continuation = waiters[Self.closing]?.removeValue(forKey: id) {
            continuation.resume()
        } else if !closed {
            unparked.insert(id)
        }
    }

    /// Wakes every waiter and makes later waits return at once.
    func close() {
        closed = true
        for continuation in waiters.values.flatMap(\.values) { continuation.resume() }
        waiters = [:]
    }
}
