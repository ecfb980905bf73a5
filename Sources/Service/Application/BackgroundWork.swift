import ServiceLifecycle

/// The service's background work. First it folds the history (`ClusterService.resume`) while the
/// server already answers health and readiness, then marks the service ready. From then on it
/// times out overdue node steps: every interval, `tick(now)` to clusters with a step past its
/// deadline. At graceful shutdown it wakes every long poll and event stream so they end. A fold
/// that fails, or is stopped by a shutdown, is reported to `readiness`; a failed one stops the
/// service: through `stopGracefully` when given (the server finishes as at SIGTERM), then this
/// throws the failure; without it the failure cancels the service at once.
struct BackgroundWork: Service {
    let service: ClusterService
    let interval: Duration
    let readiness: Readiness
    var stopGracefully: (@Sendable () async -> Void)?

    func run() async throws {
        let outcome: Result<Void, any Error>
        do {
            try await cancelWhenGracefulShutdown {
                try await resume()
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    await service.tickOverdue()
                }
            }
            outcome = .success(())
        } catch is CancellationError {
            outcome = .success(())  // graceful shutdown, during the fold or between ticks
        } catch {
            outcome = .failure(error)
        }
        await service.stopWaiting()
        if case .failure = outcome, let stopGracefully {
            // A cancelled server logs its cancellation as an error of its own; stopped gracefully
            // it ends quietly, and the failure is the one thing said.
            await stopGracefully()
            try? await gracefulShutdown()
        }
        try outcome.get()
    }

    private func resume() async throws {
        do {
            _ = try await service.resume { folded, total in readiness.progress(folded: folded, total: total) }
            try Task.checkCancellation()
            readiness.resumed()
        } catch let error as CancellationError {
            readiness.stopped()
            throw error
        } catch {
            readiness.failed(error)
            throw error
        }
    }
}
