import Foundation
import Testing

/// An agent whose clock runs ahead of the service's reports a step with its own time (`atMs`, up
/// to five minutes ahead). The report's events keep that time in their data, but are recorded at
/// the service's time, so the service's next events are not dated before them: the cluster's
/// history never goes back in time, and `state --at` the time of any event folds it (ADR 0019).
/// The real binary (`run`, `audit`, `state`) on a store on disk.
@Suite("An agent's clock ahead of the service's", .serialized)
struct AgentClockTimelineTests {
    /// How far ahead the agent's clock runs: four minutes, inside the five the service accepts.
    static let agentLeadMs: Int64 = 240_000

    /// The cluster's events as `audit --format ndjson` gives them.
    static func audit(_ store: String) throws -> [[String: Any]] {
        let outcome = try OrchestratorProcess.run(["audit", "--store", store, "--cluster", "store-a", "--format", "ndjson"])
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        return try outcome.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func aReportDatedAheadIsRecordedAtTheServicesTimeAndTimeTravelFoldsEveryEvent() async throws {
        let folder = ScratchFolder("agent-clock-ahead")
        let store = folder.child("store")
        let service = try ServiceProcess(store: store, config: folder.child("config.json"))
        _ = try await ServiceProcessTests.prepare(service, newVersion: FleetBodies.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
        let (asked, next) = try await service.object("GET", "/v1/agents/store-a/next-action?timeout=2000", token: "agent-a-token")
        let action = try #require((next["actions"] as? [[String: Any]])?.first, "\(asked): \(next)")
        let node = try #require(action["node"] as? String), step = try #require(action["step"] as? String)
        let observedMs = Int64((Date().timeIntervalSince1970 * 1000).rounded()) + Self.agentLeadMs
        let report = #"{"node":"\#(node)","step":"\#(step)","outcome":"succeeded","idempotencyKey":"ahead-1","attempt":1,"atMs":\#(observedMs)}"#
        let (reported, answer) = try await service.object("POST", "/v1/agents/store-a/reports", token: "agent-a-token", json: report)
        #expect(reported == 200, "\(answer)")
        // The service's own events after it, dated by its clock: a pause and a resume.
        for verb in ["pause", "resume"] {
            let (status, body) = try await service.object("POST", "/v1/clusters/store-a/\(verb)", token: "operator-token",
                                                          json: #"{"comment":"look"}"#)
            #expect(status == 200, "\(verb): \(body)")
        }
        #expect(service.terminate() == 0)

        let events = try Self.audit(store)
        #expect(events.map { $0["type"] as? String }.suffix(2) == ["UpgradePaused", "UpgradeResumed"])
        // What the agent observed is kept in the report's event; its record is dated by the service.
        let succeeded = try #require(events.first { $0["type"] as? String == "NodeStepSucceeded" })
        #expect(((succeeded["data"] as? [String: Any])?["at"] as? NSNumber)?.int64Value == observedMs, "\(succeeded)")
        let times = events.compactMap { $0["time"] as? String }
        #expect(times == times.sorted(), "\(times)")

        // Time travel to each event's time folds it, and leaves nothing out.
        for event in events {
            let time = try #require(event["time"] as? String), position = try #require(event["position"] as? Int)
            let state = try OrchestratorProcess.run(["state", "--store", store, "--cluster", "store-a", "--at", time, "--format", "json"])
            #expect(state.exitCode == 0, "\(state.stderr)")
            #expect(state.stderr.isEmpty, "--at \(time): \(state.stderr)")
            let folded = try #require(try JSONSerialization.jsonObject(with: Data(state.stdout.utf8)) as? [String: Any])
            let foldedAt = (folded["foldedAt"] as? [String: Any])?["position"] as? Int
            #expect(foldedAt.map { $0 >= position } == true, "--at \(time) (position \(position)) folded up to \(String(describing: foldedAt))")
        }
    }
}
