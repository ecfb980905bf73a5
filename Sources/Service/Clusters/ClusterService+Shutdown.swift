import ServiceLifecycle

extension ClusterService {
    /// Runs `operation` until it returns; when graceful shutdown begins first — the server's, or
    /// the background work's `stopWaiting()` — the operation's task is cancelled, and it is expected
    /// to stop at its next safe point and return what it has. For requests that never end by
    /// themselves (a watch stream), so that SIGTERM does not wait on the client.
    func cancellingAtShutdown<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await operation() }
                group.addTask {
                    await self.signals.untilClosed()
                    return nil
                }
                // Shutdown (or the group's cancellation) wakes the second task: cancel the operation
                // and wait for what it returns.
                while let result = try await group.next() {
                    group.cancelAll()
                    if let value = result { return value }
                }
                throw CancellationError()
            }
        }
    }
}
