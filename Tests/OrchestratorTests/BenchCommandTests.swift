import Foundation
import Testing

/// `bench store` on the real binary, smallest size: it runs every phase and reports every figure.
/// A smoke test of the benchmark's own code, never a timed test: no figure is compared to a speed.
@Suite("Bench command")
struct BenchCommandTests {
    let folder = ScratchFolder("bench")

    @Test func benchStoreReportsEveryFigureAsOneJSONObject() throws {
        let outcome = try OrchestratorProcess.run(["bench", "store", "--events", "10000", "--folder", folder.child("work"), "--json"])
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        let last = try #require(outcome.stdout.split(separator: "\n").last)
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let keys = [
            "events", "encoded_event_bytes", "engine_batched_events_per_s", "raw_batched_events_per_s", "batched_append_ratio",
            "raw_indexed_batched_events_per_s", "layout_bound_ratio", "engine_to_layout_ratio",
            "group_commit_events_per_s", "group_commit_p99_ms", "group_commit_mean_batch",
            "raw_commit_per_s", "raw_commit_p99_ms", "raw_group_commit_bound_events_per_s", "group_commit_bound_ratio",
            "engine_scan_events_per_s", "raw_scan_events_per_s", "scan_ratio", "engine_owned_scan_events_per_s", "owned_scan_ratio",
            "stream_read_p99_ms", "audit_cluster_p99_ms", "state_at_p99_ms", "peak_rss_mb", "peak_rss_anon_mb", "end_rss_anon_mb", "end_rss_file_mb",
        ]
        #expect(Set(figures.keys) == Set(keys))
        #expect(figures["events"] as? Int == 10_000)
        for key in keys {
            let value = try #require(figures[key] as? Double, "\(key) is not a number")
            #expect(value > 0, "\(key) is \(value)")
        }
    }

    @Test func benchServeDrivesEveryRoundToTheEndOverHTTP() throws {
        let outcome = try OrchestratorProcess.run(["bench", "serve", "--agents", "3", "--workers", "2", "--rounds", "2", "--json"])
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        let last = try #require(outcome.stdout.split(separator: "\n").last)
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(Set(figures.keys) == ["agents", "events", "events_per_s", "p50_ms", "p99_ms", "reports", "rounds", "seconds"])
        // Three clusters of three nodes, five reboot steps per node, two rounds: every step reported once.
        #expect(figures["reports"] as? Int == 3 * 3 * 5 * 2)
        #expect(figures["rounds"] as? Int == 2)
        let events = try #require(figures["events"] as? Int)
        #expect(events > 3 * 3 * 5 * 2, "each report records at least its step, and each round its start and end")
        #expect(try #require(figures["p99_ms"] as? Double) > 0)
    }

    @Test func benchWatchIngestsEveryPhaseAndReportsItsRates() throws {
        let outcome = try OrchestratorProcess.run(["bench", "watch", "--machines", "30", "--events-per-request", "7", "--json"])
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        let last = try #require(outcome.stdout.split(separator: "\n").last)
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(Set(figures.keys) == [
            "machines", "events_per_request", "added_events_per_s", "modified_events_per_s", "upgrade_events_per_s",
            "upgrade_to_modified_ratio", "added_s", "modified_s", "upgrade_s", "upgrade_recorded_events", "peak_rss_mb",
        ])
        #expect(figures["machines"] as? Int == 30)
        #expect(figures["events_per_request"] as? Int == 7)
        // Each upgrade event is observed and moves the count on; the first also detects the rollout.
        #expect(figures["upgrade_recorded_events"] as? Int == 30 * 2 + 1)
        for key in ["added_events_per_s", "modified_events_per_s", "upgrade_events_per_s"] {
            #expect(try #require(figures[key] as? Double) > 0, "\(key)")
        }
    }

    @Test func benchWatchRefusesNoMachinesInOneLine() throws {
        let outcome = try OrchestratorProcess.run(["bench", "watch", "--machines", "0"])
        #expect(outcome.exitCode == 64)
        #expect(outcome.stderr.contains("--machines must be 1…1000000, got 0"), "\(outcome.stderr)")
    }

    /// Stopping the server once cancelled its task, which logged the accept loop's CancellationError
    /// and, when the application's service group also read it as a graceful shutdown, the listener
    /// closed twice ("Already closed"): in some tiny runs, not all. Eight runs, each saying nothing
    /// on stderr but its own `bench:` lines.
    @Test func benchServeStopsItsServerWithoutAnErrorLine() throws {
        for _ in 1...8 {
            let outcome = try OrchestratorProcess.run(["bench", "serve", "--agents", "2", "--workers", "1", "--rounds", "1"])
            #expect(outcome.exitCode == 0, "\(outcome.stderr)")
            let foreign = outcome.stderr.split(separator: "\n").filter { !$0.hasPrefix("bench: ") }
            #expect(foreign == [], "\(outcome.stderr)")
        }
    }

    @Test func benchServeRefusesZeroRoundsInOneLine() throws {
        let outcome = try OrchestratorProcess.run(["bench", "serve", "--rounds", "0"])
        #expect(outcome.exitCode == 64)
        #expect(outcome.stderr.contains("--rounds must be 1…50, got 0"))
    }
}
