import Engine
import EventStore
import Foundation
import Testing
import UpgradeDomain

/// `orchestrator state`: a cluster folded up to a position or a time, on the real binary.
@Suite("State command")
struct StateCommandTests {
    let folder = ScratchFolder("state")

    func state(_ fleet: RecordedFleet, _ arguments: [String]) throws -> [String: Any] {
        let outcome = try OrchestratorProcess.run(["state", "--store", fleet.path, "--format", "json"] + arguments)
        try #require(outcome.exitCode == 0, "\(outcome.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: outcome.stdoutData) as? [String: Any])
    }

    @Test func midUpgradeTheClusterIsInProgressOnTheRightNodeAndStep() async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let then = try state(fleet, ["--cluster", "store-0001", "--at", String(fleet.cordonedPosition)])
        #expect(then["status"] as? String == "in-progress")
        #expect((then["profile"] as? [String: Any])?["version"] as? String == "1.0.0")
        let current = try #require((then["detail"] as? [String: Any])?["current"] as? [[String: Any]])
        #expect(current.count == 1)
        #expect(current.first?["node"] as? String == "cp-1")
        #expect(current.first?["step"] as? String == "drain")
        #expect(current.first?["attempt"] as? Int == 1)
        #expect(then["cordonedNodes"] as? [String] == ["cp-1"])
        let upgrade = try #require(then["upgrade"] as? [String: Any])
        #expect(upgrade["id"] as? String == RecordedFleet.upgradeID("store-0001"))
        #expect(upgrade["number"] as? Int == 1)
        #expect((then["foldedAt"] as? [String: Any])?["position"] as? Int == Int(fleet.cordonedPosition))
    }

    @Test func aTimeFoldsLikeThePositionRecordedThen() async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let time = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(fleet.cordonedAt.millisecondsSinceEpoch) / 1000))
        let byTime = try state(fleet, ["--cluster", "store-0001", "--at", time])
        let byPosition = try state(fleet, ["--cluster", "store-0001", "--at", String(fleet.cordonedPosition)])
        #expect(byTime["status"] as? String == "in-progress")
        #expect(byTime["detail"] as? NSDictionary == byPosition["detail"] as? NSDictionary)
        #expect(byTime["foldedAt"] as? NSDictionary == byPosition["foldedAt"] as? NSDictionary)
    }

    @Test func atTheEndTheUpgradeSucceeded() async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let atEnd = try state(fleet, ["--cluster", "store-0001", "--at", String(fleet.endPosition)])
        let now = try state(fleet, ["--cluster", "store-0001"])
        #expect(atEnd["status"] as? String == "succeeded")
        #expect((atEnd["profile"] as? [String: Any])?["version"] as? String == "1.1.0")
        #expect(atEnd["cordonedNodes"] as? [String] == [])
        #expect(now["at"] as? String == "now")
        #expect(now["status"] as? String == "succeeded")
        #expect(now["detail"] as? NSDictionary == atEnd["detail"] as? NSDictionary)
    }

    @Test func aPointPastTheLogsEndIsTheClusterNowWithANote() async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let now = try state(fleet, ["--cluster", "store-0001"])
        let inside = try OrchestratorProcess.run(["state", "--store", fleet.path, "--cluster", "store-0001", "--at", String(fleet.endPosition)])
        #expect(inside.exitCode == 0)
        #expect(inside.stderr.isEmpty)
        for (at, note) in [("999999", "note: position 999999 is past the log's end (position "), ("2999-01-01T00:00:00Z", "note: 2999-01-01T00:00:00.000Z is in the future")] {
            let outcome = try OrchestratorProcess.run(["state", "--store", fleet.path, "--cluster", "store-0001", "--format", "json", "--at", at])
            #expect(outcome.exitCode == 0)
            #expect(outcome.stderr.hasPrefix(note), "\(outcome.stderr)")
            #expect(outcome.stderr.hasSuffix(": this is the cluster as it stands now\n"))
            let past = try #require(try JSONSerialization.jsonObject(with: outcome.stdoutData) as? [String: Any])
            #expect(past["foldedAt"] as? NSDictionary == now["foldedAt"] as? NSDictionary)
            #expect(past["status"] as? String == "succeeded")
        }
    }

    @Test func aTimeInTheFutureWithEventsRecordedAfterItIsNotNow() async throws {
        let path = folder.child("future")
        let store = try EventStore.open(at: path)
        let clusters = EdgeClusters(store: store)
        let year2999: Int64 = 32_472_144_000_000
        func at(_ seconds: Int64) -> Timestamp { Timestamp(millisecondsSinceEpoch: year2999 + seconds * 1000) }
        _ = try await clusters.execute(.registerCluster(RecordedFleet.cluster("store-0001"), policy: .standard, at: at(0)), on: "store-0001", actor: "inventory")
        _ = try await clusters.execute(.changeProfile(RecordedFleet.change("1.1.0", .reboot), at: at(100)), on: "store-0001", actor: "alice")
        store.close()
        let outcome = try OrchestratorProcess.run(["state", "--store", path, "--cluster", "store-0001", "--format", "json", "--at", "2999-01-01T00:00:50Z"])
        #expect(outcome.exitCode == 0)
        #expect(outcome.stderr == "note: 2999-01-01T00:00:50.000Z is in the future by this machine's clock, but the cluster has events recorded after it (from position 2): this is the cluster as it stood then\n")
        let then = try #require(try JSONSerialization.jsonObject(with: outcome.stdoutData) as? [String: Any])
        #expect(then["status"] as? String == "idle", "\(outcome.stdout)")
    }

    @Test func theTableSaysWhereTheUpgradeStands() async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let outcome = try OrchestratorProcess.run(["state", "--store", fleet.path, "--cluster", "store-0001", "--at", String(fleet.cordonedPosition)])
        #expect(outcome.exitCode == 0)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("status          in progress"))
        #expect(lines.contains("upgrade         #1 \(RecordedFleet.upgradeID("store-0001")): reboot to retail 1.1.0, 3 nodes"))
        #expect(lines.contains { $0.hasPrefix("current ") && $0.contains("cp-1 drain (try 1, since 2026-11-18T11:08:30.000Z)") })
        #expect(lines.contains("at              position \(fleet.cordonedPosition)"))
    }

    @Test func aDeniedRepaveLeavesTheClusterCancelledAndAnApprovalWaitShows() async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let denied = try state(fleet, ["--cluster", "store-0003"])
        #expect(denied["status"] as? String == "cancelled")
        let detail = try #require(denied["detail"] as? [String: Any])
        #expect(detail["reason"] as? String == "repave-denied")
        #expect(detail["actor"] as? String == "dave")
        #expect((denied["profile"] as? [String: Any])?["version"] as? String == "1.0.0")
        let waiting = try state(fleet, ["--cluster", "store-0003", "--at", "2026-11-18T11:40:00Z"])
        #expect(waiting["status"] as? String == "awaiting-approval")
    }

    @Test func aFailedUpgradeNamesTheNodeTheStepTheErrorAndWhatIsLeftCordoned() async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let failed = try state(fleet, ["--cluster", "store-0004"])
        #expect(failed["status"] as? String == "failed")
        let detail = try #require(failed["detail"] as? [String: Any])
        #expect(detail["node"] as? String == "w-1")
        #expect(detail["step"] as? String == "reboot")
        #expect(detail["attempts"] as? Int == 3)
        #expect(detail["error"] as? String == "reported: disk full")
        #expect(detail["at"] as? String == "2026-11-18T11:58:20.000Z")
        #expect(failed["cordonedNodes"] as? [String] == ["w-1"])
        #expect((failed["upgrade"] as? [String: Any])?["id"] as? String == RecordedFleet.upgradeID("store-0004"))
    }

    @Test func aCancelledRepaveNamesTheReplacementsItLeftAndTheRemovalNobodyAnswered() async throws {
        let path = folder.child("leftovers")
        let store = try EventStore.open(at: path)
        let clusters = EdgeClusters(store: store)
        func at(_ seconds: Int64) -> Timestamp { Timestamp(millisecondsSinceEpoch: 1_795_000_000_000 + seconds * 1000) }
        // w-1 and w-2 surge together onto two spare hosts.
        var cluster = RecordedFleet.cluster("store-0001")
        cluster.pools[1].spareHosts = 2
        cluster.pools[1].rollout = RolloutBudget(maxSurge: .count(2), maxUnavailable: .count(0))
        _ = try await clusters.execute(.registerCluster(cluster, policy: .standard, at: at(0)), on: "store-0001", actor: "inventory")
        _ = try await clusters.execute(.changeProfile(RecordedFleet.change("1.1.0", .repave), at: at(1)), on: "store-0001", actor: "alice")
        var outcome = try await clusters.execute(.approveRepave(actor: "carol", comment: "", upgrade: 1, at: at(2)), on: "store-0001", actor: "carol")
        // Both replacements come up; w-1 is cordoned, drained and its removal is in flight, w-2's cordon is.
        var second: Int64 = 2
        let stopAt: Set<String> = ["w-1 remove-node", "w-2 cordon"]
        while case let requested = outcome.state.requestedNodeActions,
              let next = requested.first(where: { !stopAt.contains("\($0.node) \($0.step.rawValue)") }) {
            second += 1
            outcome = try await clusters.execute(.reportNodeStep(NodeStepReport(
                node: next.node, step: next.step, outcome: .succeeded, idempotencyKey: "k\(second)", at: at(second))), on: "store-0001", actor: "agent")
        }
        #expect(outcome.state.requestedNodeActions.map { "\($0.node) \($0.step.rawValue)" } == ["w-1 remove-node", "w-2 cordon"])
        _ = try await clusters.execute(.cancel(actor: "frank", comment: "window closed", at: at(second + 1)), on: "store-0001", actor: "frank")
        store.close()

        let json = try OrchestratorProcess.run(["state", "--store", path, "--cluster", "store-0001", "--format", "json"])
        let cancelled = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        #expect(cancelled["status"] as? String == "cancelled")
        #expect(cancelled["replacementsLeft"] as? [String] == ["w-1", "w-2"], "\(json.stdout)")
        #expect(cancelled["removalsUnknown"] as? [String] == ["w-1"], "\(json.stdout)")
        #expect(cancelled["removedNodes"] as? [String] == [], "\(json.stdout)")
        #expect(cancelled["replacementsUnknown"] as? [String] == [], "\(json.stdout)")
        let table = try OrchestratorProcess.run(["state", "--store", path, "--cluster", "store-0001"])
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("replacement up  w-1, w-2 (a replacement beside each, the node not removed)"), "\(table.stdout)")
        #expect(lines.contains("removal asked   w-1 (never answered: in the cluster or not)"), "\(table.stdout)")
        #expect(lines.contains("provisioning    -"), "\(table.stdout)")
    }

    @Test func halfAMillisecondBeforeAnEventLeavesItOut() async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let lastBefore = RFC3339.text(fleet.cordonedAt.millisecondsSinceEpoch - 1)
        let halfBefore = try state(fleet, ["--cluster", "store-0001", "--at", lastBefore.replacingOccurrences(of: "Z", with: "5Z")])
        let millisecondBefore = try state(fleet, ["--cluster", "store-0001", "--at", lastBefore])
        #expect(halfBefore["at"] as? String == lastBefore)
        #expect(halfBefore["foldedAt"] as? NSDictionary == millisecondBefore["foldedAt"] as? NSDictionary)
        #expect((halfBefore["foldedAt"] as? [String: Any])?["position"] as? Int != Int(fleet.cordonedPosition))
    }

    @Test func beforeTheFirstEventNothingIsKnown() async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let before = try state(fleet, ["--cluster", "store-0001", "--at", "0"])
        #expect(before["status"] as? String == "idle")
        #expect(before["profile"] is NSNull)
        #expect((before["foldedAt"] as? [String: Any])?["position"] is NSNull)
    }

    @Test(arguments: [[], ["--at", "5"], ["--format", "json"]])
    func anUnknownClusterExits66InOneLineNamingItAndTheStore(extra: [String]) async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let outcome = try OrchestratorProcess.run(["state", "--store", fleet.path, "--cluster", "nowhere"] + extra)
        #expect(outcome.exitCode == 66)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "orchestrator: no cluster 'nowhere' in the store at \(fleet.path)\n")
    }

    @Test(arguments: ["yesterday", "-5", "12x", "2026-13-01T00:00:00Z", "1.5", "2026-02-30T00:00:00Z", "9223372036854775807s", "+5m"])
    func aMalformedAtExits64ShowingTheAcceptedForms(at: String) async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let outcome = try OrchestratorProcess.run(["state", "--store", fleet.path, "--cluster", "store-0001", "--at=\(at)"])
        #expect(outcome.exitCode == 64)
        #expect(outcome.stderr.contains("log position"))
        #expect(outcome.stderr.contains("RFC 3339"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test func aMissingStoreIsOneClearLineAndNothingIsCreated() throws {
        let missing = folder.child("missing")
        let outcome = try OrchestratorProcess.run(["state", "--store", missing, "--cluster", "store-0001", "--at", "5"])
        #expect(outcome.exitCode == 66)
        #expect(outcome.stderr.hasPrefix("orchestrator: no store at \(missing)"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
