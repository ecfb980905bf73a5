import ArgumentParser
import EventStore
import Foundation
import Simulator

/// `orchestrator bench replay`: a generated fleet through a full rolling reboot, store on.
struct BenchReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Measure the simulator: a generated fleet through a full rolling reboot, recorded in a store."
    )

    @Option(parsing: .unconditional, help: "Clusters in the fleet.") var clusters: Int = 10_000
    @Option(name: .customLong("nodes-per-cluster"), parsing: .unconditional, help: "Nodes per cluster (one control plane node, the rest workers).") var nodesPerCluster: Int = 10
    @Option(help: ArgumentHelp("Store folder (default: a temporary one, removed afterwards).", valueName: "DIR")) var store: String?
    @Flag(name: .customLong("no-store"), help: "Run without recording events (to separate the simulator's cost from the store's).") var noStore = false
    @Flag(help: "End with one JSON object on the last line.") var json = false

    func validate() throws {
        if clusters < 1 { throw ValidationError("--clusters must be at least 1, got \(clusters)") }
        if !(1...1000).contains(nodesPerCluster) { throw ValidationError("--nodes-per-cluster must be in 1...1000, got \(nodesPerCluster)") }
    }

    func run() throws {
        let folder = store ?? NSTemporaryDirectory() + "orchestrator-bench-replay-\(getpid())"
        defer { if store == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let eventStore = try EventStore.open(at: folder, mode: .create)
        defer { eventStore.close() }
        guard try eventStore.lastPosition() == 0 else { throw CommandFailure.dataError("bench needs a new or empty store, and \(folder) holds events") }

        let scenario = try GeneratedScenario.rollingReboot(clusters: clusters, nodesPerCluster: nodesPerCluster)
        let sampler = AnonymousMemorySampler()
        let started = ContinuousClock.now
        let report = try Simulation(scenario: scenario, seed: 1, store: noStore ? nil : eventStore).run()
        let wall = StoreBenchmark.ms(ContinuousClock.now - started) / 1000
        let rows: [(String, String)] = [
            ("clusters", String(report.clusters)),
            ("nodes", String(report.nodes)),
            ("events", String(report.events)),
            ("node_steps", String(report.nodeSteps)),
            ("node_steps_per_s", String(format: "%.0f", Double(report.nodeSteps) / wall)),
            ("events_per_s", String(format: "%.0f", Double(report.events) / wall)),
            ("wall_s", String(format: "%.2f", wall)),
            ("peak_rss_mb", String(format: "%.1f", MemoryFigures.peakResidentMB())),
            ("peak_rss_anon_mb", String(format: "%.1f", sampler.stop())),
            ("simulated_makespan", "\"\(SimulationReport.span(report.makespanMs))\""),
        ]
        for (key, value) in rows { print("\(key.padding(toLength: 20, withPad: " ", startingAt: 0)) \(value)") }
        if json { print(JSONText.object(rows)) }
    }
}
