import ArgumentParser
import EventStore
import Foundation
import Logging
import Service
import ServiceLifecycle

/// `orchestrator bench serve`: the service on loopback with concurrent simulated agents, each
/// driving its own cluster's reboot upgrade by HTTP reports. Reports durable events per second
/// (events appended while the agents ran, over the wall time) and the p99 report latency.
struct BenchServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Measure the HTTP service: concurrent agents reporting over loopback.",
        discussion: "One agent per cluster; every report is answered only once its events are durable."
    )

    @Option(parsing: .unconditional, help: "Concurrent agents (one cluster each).") var agents: Int = 64
    @Option(parsing: .unconditional, help: "Worker nodes per cluster (plus one control-plane node); five reboot steps each.") var workers: Int = 20
    @Option(parsing: .unconditional, help: "Upgrades driven one after another on every cluster; only the agents' time counts.") var rounds: Int = 5
    @Option(help: ArgumentHelp("Work folder (default: a temporary one, removed afterwards).", valueName: "DIR")) var folder: String?
    @Flag(help: "End with one JSON object on the last line.") var json = false

    func validate() throws {
        if agents < 1 || agents > 1024 { throw ValidationError("--agents must be 1…1024, got \(agents)") }
        if workers < 1 { throw ValidationError("--workers must be at least 1, got \(workers)") }
        if rounds < 1 || rounds > 50 { throw ValidationError("--rounds must be 1…50, got \(rounds)") }
    }

    func run() async throws {
        let work = folder ?? NSTemporaryDirectory() + "orchestrator-bench-serve-\(getpid())"
        defer { if folder == nil { try? FileManager.default.removeItem(atPath: work) } }
        let store = try EventStore.open(at: work)
        defer { store.close() }  // once the server has stopped, before the folder goes
        let clusters = (0..<agents).map { String(format: "bench-%04d", $0) }
        var tokens = [TokenRecord(name: "bench", role: .operator, sha256: TokenBook.hash("bench-operator"))]
        tokens += clusters.map { TokenRecord(name: "agent-\($0)", role: .agent, sha256: TokenBook.hash("agent-\($0)"), cluster: $0) }
        let (latencies, elapsed, events) = try await BenchServer.serving(store: store, tokens: tokens) { port in
            printToStderr("bench: \(agents) clusters of \(workers + 1) nodes on 127.0.0.1:\(port), \(rounds) rounds")
            let fleet = BenchFleet(port: port, workers: workers, rounds: rounds)
            var latencies: [Double] = []
            var elapsed = Duration.zero
            var events: UInt64 = 0
            try await Self.onOwnThread { try fleet.prepare(clusters) }
            for round in 1...rounds {
                try await Self.onOwnThread { try fleet.assign(clusters, round: round) }
                let before = try store.lastPosition()
                let commitsBefore = store.commitCount
                let started = ContinuousClock.now
                latencies += try await Self.onOwnThread { try fleet.drive(clusters) }
                let took = ContinuousClock.now - started
                let recorded = try store.lastPosition() - before
                elapsed += took
                events += recorded
                printToStderr("bench: round \(round): \(recorded) events in \(took), \(store.commitCount - commitsBefore) commits")
            }
            return (latencies, elapsed, events)
        }

        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let sorted = latencies.sorted()
        let p50 = sorted[sorted.count / 2] * 1000, p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)] * 1000
        let rate = Double(events) / seconds
        print(String(format: "reports %d, durable events %llu in %.2f s: %.0f events/s, %.0f reports/s; report latency p50 %.2f ms, p99 %.2f ms",
                     latencies.count, events, seconds, rate, Double(latencies.count) / seconds, p50, p99))
        if json {
            print(String(format: #"{"agents":%d,"events":%llu,"events_per_s":%.0f,"p50_ms":%.3f,"p99_ms":%.3f,"reports":%d,"rounds":%d,"seconds":%.3f}"#,
                         agents, events, rate, p50, p99, latencies.count, rounds, seconds))
        }
    }

    /// Runs blocking client work on a thread of its own, never on the concurrency pool the server uses.
    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
