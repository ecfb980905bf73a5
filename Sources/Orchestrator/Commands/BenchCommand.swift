import ArgumentParser
import Engine
import EventStore
import Foundation

/// `orchestrator bench …`: benchmarks, never timed tests. Figures go to stdout; with `--json` the
/// last line is one JSON object.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the engine: the store, the simulator, the service over loopback, and Cluster API watch ingestion.",
        subcommands: [BenchStoreCommand.self, BenchReplayCommand.self, BenchServeCommand.self, BenchWatchCommand.self]
    )
}

struct BenchStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Measure the event store against raw LMDB doing the same work.",
        discussion: "Ratios (engine / raw) hold on a noisy machine; absolute rates depend on the disk."
    )

    @Option(parsing: .unconditional, help: "Events to append (at least 10,000).") var events: Int = 1_000_000
    @Option(help: ArgumentHelp("Work folder (default: a temporary one, removed afterwards).", valueName: "DIR")) var folder: String?
    @Flag(help: "End with one JSON object on the last line.") var json = false

    func validate() throws {
        if events < 10_000 { throw ValidationError("--events must be at least 10000, got \(events)") }
    }

    func run() async throws {
        let work = folder ?? NSTemporaryDirectory() + "orchestrator-bench-\(getpid())"
        defer { if folder == nil { try? FileManager.default.removeItem(atPath: work) } }
        var auditP99 = 0.0, stateAtP99 = 0.0
        let sampler = AnonymousMemorySampler()
        let report = try await StoreBenchmark(events: events, folder: work).run(progress: { printToStderr("bench: \($0)") }) { store in
            printToStderr("bench: audit of one cluster (AuditQuery by stream), 2,000 random clusters")
            var generator = SplitMix64(seed: 7)
            var latencies: [Double] = []
            for _ in 0..<2000 {
                let query = AuditQuery(clusters: [String(generator.next() % UInt64(events / 100))])
                let start = ContinuousClock.now
                let count = try query.run(on: store).count
                precondition(count == 100, "cluster audit returned \(count) events")
                latencies.append(StoreBenchmark.ms(ContinuousClock.now - start))
            }
            auditP99 = StoreBenchmark.percentile(latencies, 0.99)
            stateAtP99 = try StateAtBenchmark().run(on: store, progress: { printToStderr("bench: \($0)") })
        }
        let peakAnonymous = sampler.stop()
        let rows: [(String, String)] = [
            ("events", String(report.events)),
            ("encoded_event_bytes", String(report.encodedEventBytes)),
            ("engine_batched_events_per_s", format(report.engineBatchedEventsPerSecond)),
            ("raw_batched_events_per_s", format(report.rawBatchedEventsPerSecond)),
            ("batched_append_ratio", format(report.batchedAppendRatio, digits: 3)),
            ("raw_indexed_batched_events_per_s", format(report.rawIndexedBatchedEventsPerSecond)),
            ("layout_bound_ratio", format(report.layoutBoundRatio, digits: 3)),
            ("engine_to_layout_ratio", format(report.engineToLayoutRatio, digits: 3)),
            ("group_commit_events_per_s", format(report.groupCommitEventsPerSecond)),
            ("group_commit_p99_ms", format(report.groupCommitP99Ms, digits: 3)),
            ("group_commit_mean_batch", format(report.groupCommitMeanBatch, digits: 1)),
            ("raw_commit_per_s", format(report.rawCommitsPerSecond)),
            ("raw_commit_p99_ms", format(report.rawCommitP99Ms, digits: 3)),
            ("raw_group_commit_bound_events_per_s", format(report.rawGroupCommitBoundEventsPerSecond)),
            ("group_commit_bound_ratio", format(report.groupCommitBoundRatio, digits: 3)),
            ("engine_scan_events_per_s", format(report.engineScanEventsPerSecond)),
            ("raw_scan_events_per_s", format(report.rawScanEventsPerSecond)),
            ("scan_ratio", format(report.scanRatio, digits: 3)),
            ("engine_owned_scan_events_per_s", format(report.engineOwnedScanEventsPerSecond)),
            ("owned_scan_ratio", format(report.ownedScanRatio, digits: 3)),
            ("stream_read_p99_ms", format(report.streamReadP99Ms, digits: 3)),
            ("audit_cluster_p99_ms", format(auditP99, digits: 3)),
            ("state_at_p99_ms", format(stateAtP99, digits: 3)),
            ("peak_rss_mb", format(MemoryFigures.peakResidentMB(), digits: 1)),
            ("peak_rss_anon_mb", format(peakAnonymous, digits: 1)),
            ("end_rss_anon_mb", format(MemoryFigures.anonymousMB(), digits: 1)),
            ("end_rss_file_mb", format(MemoryFigures.fileMB(), digits: 1)),
        ]
        for (key, value) in rows { print("\(key.padding(toLength: 36, withPad: " ", startingAt: 0)) \(value)") }
        if json { print(JSONText.object(rows)) }
    }

    private func format(_ value: Double, digits: Int = 0) -> String {
        String(format: "%.\(digits)f", value)
    }
}
