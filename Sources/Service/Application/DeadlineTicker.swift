import ServiceLifecycle

/// The service's background work. First it folds the history (`ClusterService.resume`) while the
/// server already answers health and readiness, then marks the service ready. From then on it
/// times out overdue node steps: every interval, `tick(now)` to clusters with a step past its
/// deadline. At graceful shutdown it wakes every long poll and event stream so they end.
struct DeadlineTicker: Service {
    let service: ClusterService
    let interval: Duration
    let readiness: Readiness

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                do {
                    _ = try await service.resume { folded, total in readiness.progress(folded: folded, total: total) }
                } catch {
                    if !(error is CancellationError) { readiness.failed(error) }
                    throw error
                }
                readiness.resumed()
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    await service.tickOverdue()
                }
            }
        } catch is CancellationError {
            // Graceful shutdown, during the fold or between ticks.
        } catch {
            await service.stopWaiting()
            throw error
        }
        await service.stopWaiting()
    }
}
