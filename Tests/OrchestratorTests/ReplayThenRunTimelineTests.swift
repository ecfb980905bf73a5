import Foundation
import Testing
@testable import EventStore

/// The README's path on a scenario dated ahead of this machine's clock: replay it, serve the store
/// with `orchestrator run`, record something for a replayed cluster, then travel in time. What `run`
/// records is dated at or after everything the replay recorded, so a cluster's history never goes
/// back in time and `state --at` the time the audit gives an event has folded that event.
@Suite("orchestrator run on a replay dated ahead of now", .serialized)
struct ReplayThenRunTimelineTests {
    static let futureStart = "2099-11-24T22:00:00Z"

    /// The factory scenario moved to `futureStart`, replayed small into `store`.
    static func replayAhead(into store: String, folder: ScratchFolder) throws {
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let original = try String(contentsOfFile: ReplayCommandTests.scenarios + "/factory-k3s-config-change.json", encoding: .utf8)
        let ahead = original.replacingOccurrences(of: #""start": "2026-11-24T22:00:00Z""#, with: #""start": "\#(futureStart)""#)
        #expect(ahead != original)
        try ahead.write(toFile: folder.child("ahead.json"), atomically: true, encoding: .utf8)
        let replay = try OrchestratorProcess.run(["replay", folder.child("ahead.json"), "--scale", "0.02", "--seed", "42", "--store", store])
        #expect(replay.exitCode == 0, "\(replay.stderr)")
    }

    /// The latest time recorded anywhere in the store.
    static func latestRecordedMs(_ path: String) throws -> Int64 {
        let store = try EventStore.open(at: path, mode: .readOnly)
        defer { store.close() }
        var latest = Int64.min
        try store.forEachEvent { latest = max(latest, $0.recordedAtMs) }
        return latest
    }

    /// One cluster's events as `audit --format ndjson` gives them.
    static func audit(_ store: String, cluster: String) throws -> [[String: Any]] {
        let outcome = try OrchestratorProcess.run(["audit", "--store", store, "--cluster", cluster, "--format", "ndjson"])
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        return try outcome.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    static func state(_ store: String, cluster: String, at point: String) throws -> [String: Any] {
        let outcome = try OrchestratorProcess.run(["state", "--store", store, "--cluster", cluster, "--at", point, "--format", "json"])
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    /// Replays the scenario dated ahead, then has `run` record a status for `cluster` as olga.
    static func replayThenRecordStatus(_ store: String, folder: ScratchFolder, cluster: String) async throws {
        try Self.replayAhead(into: store, folder: folder)
        let service = try ServiceProcess(store: store, config: folder.child("config.json"))
        let (status, answer) = try await service.object("POST", "/v1/clusters/\(cluster)/status", token: "operator-token",
                                                       json: #"{"status":"deleting"}"#)
        #expect(status == 200, "\(answer)")
        #expect(service.terminate() == 0)
    }

    /// A history dated backwards (as a service of an earlier build wrote after such a replay) is
    /// imported as it is; `state --at` a time before the jump says which later event it leaves out.
    @Test func aHistoryThatGoesBackInTimeImportsAsItIsAndStateAtNamesWhatItLeavesOut() async throws {
        let folder = ScratchFolder("replay-backwards")
        let cluster = "line-00001"
        try await Self.replayThenRecordStatus(folder.child("store"), folder: folder, cluster: cluster)
        var lines = try OrchestratorProcess.run(["export", "--store", folder.child("store")]).stdout.split(separator: "\n").map(String.init)
        // The status run recorded, dated back before the replay's start (its envelope and its data).
        let index = try #require(lines.lastIndex { $0.contains(#""stream":"cluster/\#(cluster)""#) && $0.contains(#""actor":"olga""#) })
        let recordedMs = try #require(lines[index].firstMatch(of: #/"timeMs":([0-9]+)/#).map { String($0.output.1) })
        let recordedText = try #require(lines[index].firstMatch(of: #/"time":"([^"]+)"/#).map { String($0.output.1) })
        lines[index] = lines[index].replacingOccurrences(of: recordedMs, with: "1795000000000")
            .replacingOccurrences(of: recordedText, with: "2026-11-18T11:06:40.000Z")  // before the replay's start
        #expect(lines[index].contains(#""timeMs":1795000000000"#), "\(lines[index])")
        let backwards = lines.joined(separator: "\n") + "\n"
        let imported = try OrchestratorProcess.run(["import", "--store", folder.child("backwards")], stdin: backwards)
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        #expect(try OrchestratorProcess.run(["export", "--store", folder.child("backwards")]).stdout == backwards)

        let events = try Self.audit(folder.child("backwards"), cluster: cluster)
        let position = try #require(events.last?["position"] as? Int)
        let at = try OrchestratorProcess.run(["state", "--store", folder.child("backwards"), "--cluster", cluster,
                                              "--at", "2026-11-18T11:06:40Z", "--format", "json"])
        #expect(at.exitCode == 0, "\(at.stderr)")
        #expect(at.stdout.contains(#""foldedAt":{"position":null"#), "\(at.stdout)")
        let firstPosition = try #require(events.first?["position"] as? Int)
        #expect(at.stderr == "note: the cluster's history goes back in time: position \(firstPosition) is dated 2099-11-24T22:00:00.000Z, "
            + "position \(position) after it 2026-11-18T11:06:40.000Z; time travel stops at the first event dated after "
            + "2026-11-18T11:06:40.000Z, so position \(position) is left out (--at \(position) folds up to it)\n")
        let byPosition = try Self.state(folder.child("backwards"), cluster: cluster, at: String(position))
        #expect((byPosition["foldedAt"] as? [String: Any])?["position"] as? Int == position)

        // The audit's time ranges find it whatever the log order: alone (the time index) and
        // beside the actor index (the stretch of the log the range lies in).
        for filters in [[String](), ["--actor", "olga"]] {
            let ranged = try OrchestratorProcess.run(["audit", "--store", folder.child("backwards"), "--since", "2026-11-18T11:06:40Z",
                                                      "--until", "2026-11-18T11:06:41Z", "--format", "ndjson"] + filters)
            #expect(ranged.exitCode == 0, "\(ranged.stderr)")
            #expect(ranged.stdout.split(separator: "\n").map { $0.contains(#""position":\#(position),"#) } == [true], "\(filters): \(ranged.stdout)")
        }
    }

    /// Every event's id in log order, as its 16 bytes (two big-endian words: the id index's order),
    /// and how many entries the id index holds (an id below the greatest before it needs one).
    static func ids(_ path: String) throws -> (ids: [[UInt8]], entries: Int) {
        let store = try EventStore.open(at: path, mode: .readOnly)
        defer { store.close() }
        var ids: [[UInt8]] = []
        try store.forEachEvent { event in ids.append(withUnsafeBytes(of: event.data.id.uuid) { Array($0) }) }
        return (ids, try store.env.read { txn in try txn.count(store.layout.eventIDs) })
    }

    /// The ids `run` draws on a store dated ahead come from the service's time, not the wall
    /// clock's: they sort after every id the replay drew, so each extends the id chain and the id
    /// index gains no entry (ADR 0019).
    @Test func whatRunRecordsOnAStoreDatedAheadHasIdsAfterTheReplaysAndNoIdIndexEntries() async throws {
        let folder = ScratchFolder("replay-then-run-ids")
        let store = folder.child("store")
        try Self.replayAhead(into: store, folder: folder)
        let replayed = try Self.ids(store)
        #expect(replayed.ids.count > 100)

        let service = try ServiceProcess(store: store, config: folder.child("config.json"))
        for status in ["deleting", "running"] {
            let (answered, answer) = try await service.object("POST", "/v1/clusters/line-00001/status", token: "operator-token",
                                                             json: #"{"status":"\#(status)"}"#)
            #expect(answered == 200, "\(answer)")
        }
        #expect(service.terminate() == 0)

        let after = try Self.ids(store)
        let recorded = after.ids.dropFirst(replayed.ids.count)
        #expect(recorded.count >= 2)
        let greatest = try #require(replayed.ids.max { $0.lexicographicallyPrecedes($1) })
        // Each id `run` drew is beyond every id before it in the log: the store's, and its own earlier ones.
        #expect(zip([greatest] + recorded.dropLast(), recorded).allSatisfy { $0.lexicographicallyPrecedes($1) },
                "greatest replayed \(greatest), recorded \(Array(recorded))")
        #expect(after.entries == replayed.entries, "event_ids entries: \(replayed.entries) after the replay, \(after.entries) after run")
        let verified = try OrchestratorProcess.run(["verify", "--store", store])
        #expect(verified.exitCode == 0, "\(verified.stdout)\(verified.stderr)")
    }

    @Test func whatRunRecordsIsDatedAfterTheReplayAndTimeTravelFoldsIt() async throws {
        let folder = ScratchFolder("replay-then-run")
        let store = folder.child("store")
        try Self.replayAhead(into: store, folder: folder)
        let replayEnd = try Self.latestRecordedMs(store)
        let cluster = "line-00001"
        let replayed = try Self.audit(store, cluster: cluster)
        #expect(replayed.count > 3)

        let log = folder.child("run.log")
        let service = try ServiceProcess(store: store, config: folder.child("config.json"), stderrFile: log)
        let (status, answer) = try await service.object("POST", "/v1/clusters/\(cluster)/status", token: "operator-token",
                                                       json: #"{"status":"deleting"}"#)
        #expect(status == 200, "\(answer)")
        #expect(service.terminate() == 0)
        let said = try String(contentsOfFile: log, encoding: .utf8)
        #expect(said.contains("the store's latest event is dated 2099-"), "\(said)")
        #expect(said.components(separatedBy: "the store's latest event is dated").count == 2, "one line: \(said)")

        let events = try Self.audit(store, cluster: cluster)
        #expect(events.count == replayed.count + 1)
        let recorded = try #require(events.last)
        #expect(recorded["actor"] as? String == "olga")
        let time = try #require(recorded["time"] as? String)
        let position = try #require(recorded["position"] as? Int)
        // Never back in time: the stream's times rise (or stay) with its positions.
        let times = events.compactMap { $0["time"] as? String }
        #expect(times == times.sorted(), "\(times.suffix(3))")
        #expect(try Self.latestRecordedMs(store) >= replayEnd)

        // Time travel to the time the audit gives the run's event has folded it.
        let then = try Self.state(store, cluster: cluster, at: time)
        #expect((then["foldedAt"] as? [String: Any])?["position"] as? Int == position, "\(then)")
        // And to the replay's end, it has not: it is dated after.
        let before = try Self.state(store, cluster: cluster, at: replayed.last?["time"] as? String ?? "")
        #expect(((before["foldedAt"] as? [String: Any])?["position"] as? Int).map { $0 < position } == true, "\(before)")
    }
}
