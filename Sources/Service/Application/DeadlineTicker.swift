import ServiceLifecycle

/// Times out overdue node steps: every interval, `tick(now)` to clusters with a step past its
/// deadline. At graceful shutdown it wakes every long poll and event stream so they end.
struct DeadlineTicker: Service {
    let service: ClusterService
    let interval: Duration

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await service.tickOverdue()
            }
        }
        await service.stopWaiting()
    }
}
