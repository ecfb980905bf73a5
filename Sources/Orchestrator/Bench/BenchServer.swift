import EventStore
import Foundation
import Logging
import Service
import ServiceLifecycle

/// The service on 127.0.0.1 for a benchmark: started on a free port over `store`, handed to `body`,
/// then stopped as `run` stops on SIGTERM, a graceful shutdown awaited. Cancelling the server's task
/// instead stopped the listener's accept loop ("Waiting on child channel: CancellationError()"), and
/// reached the application's own service group as a graceful shutdown as well (it reads a cancelled
/// wait for its parent's shutdown as one), which closed the listener a second time ("Server shutdown
/// error: Already closed"). When `body` fails, its error is the one reported.
enum BenchServer {
    static func serving<T>(
        store: EventStore, tokens: [TokenRecord], _ body: (_ port: Int) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let configuration = ServiceConfiguration(host: "127.0.0.1", port: 0, tickIntervalMs: 60_000, tokens: tokens)
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = try buildApplication(configuration: configuration, store: store, clock: SystemClock(), logger: logger,
                                       readiness: Readiness { _, port in portSink.yield(port) })
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let server = Task {
            // A server that stops before it is ready ends the wait for its port.
            defer { portSink.finish() }
            try await services.run()
        }
        var portIterator = ports.makeAsyncIterator()
        guard let port = await portIterator.next() else { throw CommandFailure(message: "bench: the server did not start", exitCode: 70) }
        let result: T
        do {
            result = try await body(port)
        } catch {
            await services.triggerGracefulShutdown()
            _ = try? await server.value
            throw error
        }
        await services.triggerGracefulShutdown()
        try await server.value
        return result
    }
}
