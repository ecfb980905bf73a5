import ArgumentParser
import EventStore
import Foundation
import Logging
import Service
import ServiceLifecycle

/// `orchestrator bench watch`: the service on loopback ingesting the Cluster API watch of one
/// template deployment of `--machines` Machines, as `POST /v1/deployments/{id}/watch` bodies:
/// the initial list (ADDED), a MODIFIED event per machine with no upgrade under way, then, after
/// a template change, a MODIFIED event per machine during the upgrade (each turns one machine up
/// to date, so each records an observation and a progress event). Reports watch events ingested
/// per second in each phase; an ingestion that costs the same per event whatever the number of
/// machines keeps the last two rates close and flat as `--machines` grows.
struct BenchWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Measure Cluster API watch ingestion over loopback, with and without an upgrade under way.",
        discussion: "Every answer comes once its events are durable. Phases: added (initial list), modified (no upgrade), upgrade (template changed)."
    )

    @Option(parsing: .unconditional, help: "Machines of the deployment (one watch event each per phase).") var machines: Int = 2000
    @Option(name: .customLong("events-per-request"), parsing: .unconditional,
            help: "Watch events per request (default: a phase's events in one request, as `curl --data-binary @watch.jsonl`).")
    var eventsPerRequest: Int?
    @Option(help: ArgumentHelp("Work folder (default: a temporary one, removed afterwards).", valueName: "DIR")) var folder: String?
    @Flag(help: "End with one JSON object on the last line.") var json = false

    func validate() throws {
        if !(1...1_000_000).contains(machines) { throw ValidationError("--machines must be 1…1000000, got \(machines)") }
        if let eventsPerRequest, eventsPerRequest < 1 { throw ValidationError("--events-per-request must be at least 1, got \(eventsPerRequest)") }
    }

    /// What one phase took.
    struct Phase: Sendable {
        var seconds: Double
        /// Events the store recorded for the phase's watch events.
        var recorded: UInt64
        var eventsPerSecond: Double
    }

    func run() async throws {
        let work = folder ?? NSTemporaryDirectory() + "orchestrator-bench-watch-\(getpid())"
        defer { if folder == nil { try? FileManager.default.removeItem(atPath: work) } }
        let store = try EventStore.open(at: work)
        defer { store.close() }  // once the server has stopped, before the folder goes
        let tokens = [TokenRecord(name: "bench", role: .operator, sha256: TokenBook.hash("bench-operator"))]
        let perRequest = eventsPerRequest ?? machines
        let (phases, updated) = try await BenchServer.serving(store: store, tokens: tokens) { port in
            printToStderr("bench: one deployment of \(machines) machines on 127.0.0.1:\(port), \(perRequest) watch events per request")
            let watch = BenchWatch(port: port, machines: machines, eventsPerRequest: perRequest)
            var phases: [String: Phase] = [:]
            try await BenchServeCommand.onOwnThread { try watch.register() }
            for phase in BenchWatch.Phase.allCases {
                if phase == .upgrade { try await BenchServeCommand.onOwnThread { try watch.changeTemplate() } }
                let before = try store.lastPosition()
                let started = ContinuousClock.now
                try await BenchServeCommand.onOwnThread { try watch.post(phase) }
                let seconds = StoreBenchmark.ms(ContinuousClock.now - started) / 1000
                let recorded = try store.lastPosition() - before
                phases[phase.rawValue] = Phase(seconds: seconds, recorded: recorded, eventsPerSecond: Double(machines) / seconds)
                printToStderr(String(format: "bench: %@: %d watch events in %.3f s (%.0f/s), %llu events recorded",
                                     phase.rawValue, machines, seconds, Double(machines) / seconds, recorded))
            }
            let updated = try await BenchServeCommand.onOwnThread { try watch.machinesUpdated() }
            return (phases, updated)
        }
        guard updated == machines else {
            throw CommandFailure(message: "bench: the upgrade counts \(updated) of \(machines) machines updated after its watch events", exitCode: 70)
        }

        let added = phases["added", default: Phase(seconds: 0, recorded: 0, eventsPerSecond: 0)]
        let modified = phases["modified", default: added], upgrade = phases["upgrade", default: added]
        let rows: [(String, String)] = [
            ("machines", String(machines)),
            ("events_per_request", String(perRequest)),
            ("added_events_per_s", String(format: "%.0f", added.eventsPerSecond)),
            ("modified_events_per_s", String(format: "%.0f", modified.eventsPerSecond)),
            ("upgrade_events_per_s", String(format: "%.0f", upgrade.eventsPerSecond)),
            ("upgrade_to_modified_ratio", String(format: "%.3f", upgrade.eventsPerSecond / modified.eventsPerSecond)),
            ("added_s", String(format: "%.3f", added.seconds)),
            ("modified_s", String(format: "%.3f", modified.seconds)),
            ("upgrade_s", String(format: "%.3f", upgrade.seconds)),
            ("upgrade_recorded_events", String(upgrade.recorded)),
            ("peak_rss_mb", String(format: "%.1f", MemoryFigures.peakResidentMB())),
        ]
        for (key, value) in rows { print("\(key.padding(toLength: 26, withPad: " ", startingAt: 0)) \(value)") }
        if json { print(JSONText.object(rows)) }
    }
}

/// The watch benchmark's client: one deployment (`bench`, cluster `bench`, namespace `ns`) and
/// its machines' watch events, posted on one keep-alive loopback connection.
struct BenchWatch: Sendable {
    enum Phase: String, CaseIterable, Sendable {
        /// The initial list: every machine ADDED, v1.31.0, ready.
        case added
        /// Every machine MODIFIED (a new resourceVersion, now marked up to date), no upgrade under way.
        case modified
        /// Every machine MODIFIED to v1.32.0 during the upgrade to it: one more machine up to date each.
        case upgrade
    }

    let port: Int
    let machines: Int
    let eventsPerRequest: Int

    static let token = "bench-operator"
    static let deployment = "bench"

    func register() throws {
        let client = try LoopbackHTTPClient(port: port)
        let body = #"{"clusterId":"bench","clusterName":"bench","namespace":"ns","targetInfrastructure":"aws","template":"bench-template-1"}"#
        try expect(client.send("POST", "/v1/deployments", token: Self.token, body: body), 201)
    }

    func changeTemplate() throws {
        let client = try LoopbackHTTPClient(port: port)
        let body = #"{"template":"bench-template-2","targetKubernetesVersion":"v1.32.0","upgradeId":"bench-upgrade"}"#
        try expect(client.send("POST", "/v1/deployments/\(Self.deployment)/template", token: Self.token, body: body), 202)
    }

    /// One phase's watch events, `eventsPerRequest` to a request; each answer must count them all observed.
    func post(_ phase: Phase) throws {
        let client = try LoopbackHTTPClient(port: port)
        let lines = (0..<machines).map { Self.line(phase, machine: $0) }
        var start = 0
        while start < lines.count {
            let end = min(start + eventsPerRequest, lines.count)
            let (status, body) = try client.send("POST", "/v1/deployments/\(Self.deployment)/watch", token: Self.token,
                                                 body: lines[start..<end].joined(separator: "\n") + "\n")
            let answer = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
            guard status == 200, answer?["observed"] as? Int == end - start else {
                throw CommandFailure(message: "bench: \(phase.rawValue) watch answered \(status): \(String(decoding: body, as: UTF8.self))", exitCode: 70)
            }
            start = end
        }
    }

    /// The upgrade's machines updated, as `GET /v1/deployments/bench` shows them.
    func machinesUpdated() throws -> Int {
        let client = try LoopbackHTTPClient(port: port)
        let (status, body) = try client.send("GET", "/v1/deployments/\(Self.deployment)", token: Self.token)
        guard status == 200, let view = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw CommandFailure(message: "bench: GET /v1/deployments/\(Self.deployment) answered \(status)", exitCode: 70)
        }
        return view["machinesUpdated"] as? Int ?? 0
    }

    /// One machine's watch event of `phase`, as `kubectl get machines -o json --watch --output-watch-events` prints it on one line.
    static func line(_ phase: Phase, machine index: Int) -> String {
        let (type, resourceVersion, version, upToDate): (String, Int, String, Bool) = switch phase {
        case .added: ("ADDED", 1_000 + index, "v1.31.0", false)
        case .modified: ("MODIFIED", 2_000_000 + index, "v1.31.0", true)
        case .upgrade: ("MODIFIED", 3_000_000 + index, "v1.32.0", true)
        }
        let marked = upToDate ? #",{"type":"UpToDate","status":"True"}"# : ""
        return #"{"type":"\#(type)","object":{"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"Machine","metadata":{"name":"bench-md-\#(index)","namespace":"ns","uid":"uid-\#(index)","resourceVersion":"\#(resourceVersion)","labels":{"cluster.x-k8s.io/cluster-name":"bench"}},"spec":{"version":"\#(version)"},"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}\#(marked)]}}}"#
    }

    private func expect(_ answer: (Int, [UInt8]), _ status: Int) throws {
        guard answer.0 == status else {
            throw CommandFailure(message: "bench: expected \(status), got \(answer.0): \(String(decoding: answer.1, as: UTF8.self))", exitCode: 70)
        }
    }
}
