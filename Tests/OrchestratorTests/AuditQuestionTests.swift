import Foundation
import Testing
import UpgradeDomain

/// `audit timeline` and `audit approvals` on the real binary, over histories recorded through the engine.
@Suite("Audit questions")
struct AuditQuestionTests {
    let folder = ScratchFolder("questions")

    func recorded() async throws -> RecordedFleet {
        try await RecordedFleet.record(in: folder.child("store"))
    }

    func jsonObject(_ arguments: [String]) throws -> [String: Any] {
        let outcome = try OrchestratorProcess.run(arguments)
        try #require(outcome.exitCode == 0, "\(outcome.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: outcome.stdoutData) as? [String: Any])
    }

    func jsonArray(_ arguments: [String]) throws -> [[String: Any]] {
        let outcome = try OrchestratorProcess.run(arguments)
        try #require(outcome.exitCode == 0, "\(outcome.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: outcome.stdoutData) as? [[String: Any]])
    }

    @Test func aTimelineListsEveryStepInOrderWithItsDuration() async throws {
        let fleet = try await recorded()
        let timeline = try jsonObject(["audit", "timeline", "--store", fleet.path, "--upgrade", RecordedFleet.upgradeID("store-0001"), "--format", "json"])
        #expect(timeline["cluster"] as? String == "store-0001")
        #expect(timeline["behavior"] as? String == "reboot")
        #expect(timeline["outcome"] as? String == "succeeded")
        #expect(timeline["totalMs"] as? Int == 160_000)
        let rows = try #require(timeline["rows"] as? [[String: Any]])
        let reboot = ["cordon", "drain", "reboot", "wait-ready", "uncordon"]
        #expect(rows.map { $0["name"] as? String } == ["accepted", "cordon", "drain"] + reboot.dropFirst() + reboot + reboot + ["succeeded"])
        #expect(rows.map { $0["node"] as? String }.compactMap { $0 } == ["cp-1"] + Array(repeating: "cp-1", count: 5) + Array(repeating: "w-1", count: 5) + Array(repeating: "w-2", count: 5))
        let steps = rows.filter { $0["kind"] as? String == "step" }
        #expect(steps.count == 16)
        #expect(steps.allSatisfy { $0["durationMs"] as? Int == 10_000 })
        #expect(steps[1]["outcome"] as? String == "retried")
        #expect(steps[1]["detail"] as? String == "reported: eviction blocked")
        #expect(steps[2]["attempt"] as? Int == 2)
        #expect(steps[2]["outcome"] as? String == "succeeded")
        #expect(steps.first?["started"] as? String == "2026-11-18T11:08:20.000Z")
        let positions = rows.compactMap { $0["position"] as? Int }
        #expect(positions == positions.sorted())
    }

    @Test func aTimelineTableNamesTheUpgradeAndTheTotal() async throws {
        let fleet = try await recorded()
        let id = RecordedFleet.upgradeID("store-0001")
        let outcome = try OrchestratorProcess.run(["audit", "timeline", "--store", fleet.path, "--upgrade", id])
        #expect(outcome.exitCode == 0)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "upgrade \(id) (store-0001#1): reboot to retail 1.1.0, 3 nodes")
        #expect(lines.last == "(18 rows, succeeded, total 2m40s)")
        #expect(lines.contains { $0.contains("cp-1") && $0.contains("drain") && $0.contains("retried") && $0.contains("eviction blocked") })
    }

    @Test func anUpgradeCanBeNamedAsClusterHashNumber() async throws {
        let fleet = try await recorded()
        let byID = try OrchestratorProcess.run(["audit", "timeline", "--store", fleet.path, "--upgrade", RecordedFleet.upgradeID("store-0002"), "--format", "ndjson"])
        let byName = try OrchestratorProcess.run(["audit", "timeline", "--store", fleet.path, "--upgrade", "store-0002#1", "--format", "ndjson"])
        #expect(byName.exitCode == 0)
        #expect(!byName.stdout.isEmpty)
        #expect(byName.stdout == byID.stdout)
    }

    @Test func aTimelineShowsTheApprovalAndThePauseWithHowLongEachWaited() async throws {
        let fleet = try await recorded()
        let timeline = try jsonObject(["audit", "timeline", "--store", fleet.path, "--upgrade", "store-0002#1", "--format", "json"])
        let rows = try #require(timeline["rows"] as? [[String: Any]])
        #expect(rows.prefix(7).map { $0["name"] as? String } == ["accepted", "approval-requested", "approved", "cordon", "drain", "paused", "resumed"])
        #expect(rows[2]["durationMs"] as? Int == 300_000)
        #expect(rows[2]["detail"] as? String == "by carol: maintenance window")
        #expect(rows[5]["detail"] as? String == "by bob: look first")
        #expect(rows[6]["durationMs"] as? Int == 60_000)
        #expect(rows[0]["detail"] as? String == "repave to retail 2.0.0, 3 nodes, requested by alice")
        #expect(timeline["outcome"] as? String == "succeeded")
    }

    @Test func aDeniedRepaveEndsCancelled() async throws {
        let fleet = try await recorded()
        let timeline = try jsonObject(["audit", "timeline", "--store", fleet.path, "--upgrade", "store-0003#1", "--format", "json"])
        let rows = try #require(timeline["rows"] as? [[String: Any]])
        #expect(rows.map { $0["name"] as? String } == ["accepted", "approval-requested", "denied", "cancelled"])
        #expect(rows[2]["durationMs"] as? Int == 120_000)
        #expect(timeline["outcome"] as? String == "cancelled")
        #expect(timeline["totalMs"] as? Int == 120_000)
    }

    @Test func aFailedUpgradeEndsWithTheStepThatFailedBeyondItsRetries() async throws {
        let fleet = try await recorded()
        let timeline = try jsonObject(["audit", "timeline", "--store", fleet.path, "--upgrade", "store-0004#1", "--format", "json"])
        let rows = try #require(timeline["rows"] as? [[String: Any]])
        let reboots = rows.filter { $0["name"] as? String == "reboot" && $0["node"] as? String == "w-1" }
        #expect(reboots.map { $0["outcome"] as? String } == ["retried", "retried", "failed"])
        #expect(reboots.map { $0["attempt"] as? Int } == [1, 2, 3])
        #expect(timeline["outcome"] as? String == "failed")
        #expect(rows.last?["detail"] as? String == "w-1 reboot after 3 tries: reported: disk full; cordoned: w-1")
    }

    @Test(arguments: ["store-0001#2", "nowhere#1", "00000000-0000-4000-8000-000000000000"])
    func anUnknownUpgradeExits66InOneLine(upgrade: String) async throws {
        let fleet = try await recorded()
        let outcome = try OrchestratorProcess.run(["audit", "timeline", "--store", fleet.path, "--upgrade", upgrade])
        #expect(outcome.exitCode == 66)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.hasPrefix("orchestrator: no upgrade "))
        #expect(outcome.stderr.hasSuffix(" in the store at \(fleet.path)\n"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: ["store-0001", "store-0001#0", "#1", "not-a-uuid"])
    func aMalformedUpgradeExits64(upgrade: String) async throws {
        let fleet = try await recorded()
        let outcome = try OrchestratorProcess.run(["audit", "timeline", "--store", fleet.path, "--upgrade", upgrade])
        #expect(outcome.exitCode == 64)
        #expect(outcome.stderr.contains("CLUSTER#N"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test func approvalsListWhoDecidedWhenAndWhatItCovered() async throws {
        let fleet = try await recorded()
        let decisions = try jsonArray(["audit", "approvals", "--store", fleet.path, "--format", "json"])
        #expect(decisions.count == 2)
        let approved = try #require(decisions.first)
        #expect(approved["cluster"] as? String == "store-0002")
        #expect(approved["decision"] as? String == "approved")
        #expect(approved["actor"] as? String == "carol")
        // Who asked for the repave, beside who decided it (ADR 0027).
        #expect(approved["requestedBy"] as? String == "alice")
        #expect(approved["comment"] as? String == "maintenance window")
        #expect(approved["time"] as? String == "2026-11-18T11:28:20.000Z")
        #expect(approved["waitedMs"] as? Int == 300_000)
        #expect(approved["upgrade"] as? String == RecordedFleet.upgradeID("store-0002"))
        #expect(approved["behavior"] as? String == "repave")
        #expect(approved["nodes"] as? Int == 3)
        #expect((approved["target"] as? [String: Any])?["version"] as? String == "2.0.0")
        let denied = decisions[1]
        #expect(denied["cluster"] as? String == "store-0003")
        #expect(denied["decision"] as? String == "denied")
        #expect(denied["actor"] as? String == "dave")
        #expect(denied["waitedMs"] as? Int == 120_000)
    }

    @Test func approvalFiltersNarrowTheAnswer() async throws {
        let fleet = try await recorded()
        func decisions(_ arguments: [String]) throws -> [String] {
            try OrchestratorProcess.run(["audit", "approvals", "--store", fleet.path, "--format", "ndjson"] + arguments).stdout
                .split(separator: "\n").map(String.init)
        }
        #expect(try decisions(["--actor", "carol"]).count == 1)
        #expect(try decisions(["--cluster", "store-0003"]).first?.contains("\"denied\"") == true)
        #expect(try decisions(["--cluster", "store-0001"]).isEmpty)
        #expect(try decisions(["--cluster", "store-0003", "--cluster", "store-0002"]).map { $0.contains("store-0002") } == [true, false])
        #expect(try decisions(["--since", "2026-11-18T11:30:00Z"]).count == 1)
        #expect(try decisions(["--until", "2026-11-18T11:30:00Z"]).count == 1)
        #expect(try decisions(["--actor", "nobody"]).isEmpty)
        #expect(try decisions(["--actor", "carol", "--actor", "dave"]).count == 2, "a repeated --actor answers any of them")
    }

    @Test func aRepeatedActorAnswersAnyOfThemInLogOrder() async throws {
        let fleet = try await recorded()
        func events(_ arguments: [String]) throws -> [(position: Int, actor: String)] {
            let outcome = try OrchestratorProcess.run(["audit", "--store", fleet.path, "--format", "ndjson", "--limit", "10000"] + arguments)
            try #require(outcome.exitCode == 0, "\(outcome.stderr)")
            return try outcome.stdout.split(separator: "\n").map { line in
                let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return (try #require(event["position"] as? Int), try #require(event["actor"] as? String))
            }
        }
        let carol = try events(["--actor", "carol"]), dave = try events(["--actor", "dave"])
        #expect(!carol.isEmpty && !dave.isEmpty)
        #expect(try events(["--actor", "carol", "--actor", "dave"]).map(\.position) == (carol + dave).map(\.position).sorted())
        // Through another index too: the decisions of either.
        let decisions = try events(["--actor", "dave", "--actor", "carol", "--type", "RepaveApproved", "--type", "RepaveDenied"])
        #expect(decisions.map(\.actor) == ["carol", "dave"])
    }

    @Test func aTimeFinerThanAMillisecondBoundsTheEventsAtTheWholeMillisecondsEitherSide() async throws {
        let fleet = try await recorded()
        let cordoned = fleet.cordonedAt.millisecondsSinceEpoch
        let justAfter = RFC3339.text(cordoned).replacingOccurrences(of: "Z", with: "4Z")  // 0.4 ms after the report
        func times(_ arguments: [String]) throws -> [Int64] {
            let outcome = try OrchestratorProcess.run(["audit", "--store", fleet.path, "--cluster", "store-0001", "--format", "ndjson"] + arguments)
            try #require(outcome.exitCode == 0, "\(outcome.stderr)")
            return try outcome.stdout.split(separator: "\n").map { line in
                let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let time = try #require(event["time"] as? String)
                return try #require(RFC3339.milliseconds(from: time))
            }
        }
        let since = try times(["--since", justAfter])
        #expect(since.first.map { $0 > cordoned } == true, "the report was recorded before --since")
        let until = try times(["--until", justAfter])
        #expect(until.last == cordoned, "the report was recorded before --until")
    }

    @Test(arguments: [["audit", "approvals"], ["audit"], ["state"]], [["--cluster", ""], ["--actor", ""], ["--cluster", String(repeating: "c", count: 400)]])
    func anUnstorableFilterExits64NamingTheFlag(command: [String], arguments: [String]) async throws {
        let fleet = try await recorded()
        if command == ["state"] && arguments[0] == "--actor" { return }
        let outcome = try OrchestratorProcess.run(command + ["--store", fleet.path] + arguments)
        #expect(outcome.exitCode == 64)
        #expect(outcome.stderr.hasPrefix("orchestrator: \(arguments[0])"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test func theApprovalsTableShowsTheUpgradeID() async throws {
        let fleet = try await recorded()
        let outcome = try OrchestratorProcess.run(["audit", "approvals", "--store", fleet.path])
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("POSITION  TIME"))
        #expect(lines[1].contains(RecordedFleet.upgradeID("store-0002")) && lines[1].contains("carol") && lines[1].contains("5m00s"))
        #expect(lines[3] == "(2 decisions)")
    }

    @Test func approvalsForAnUnknownClusterAreEmptyWithANote() async throws {
        let fleet = try await recorded()
        let outcome = try OrchestratorProcess.run(["audit", "approvals", "--store", fleet.path, "--cluster", "nowhere", "--format", "ndjson"])
        #expect(outcome.exitCode == 0)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "note: no cluster 'nowhere' in \(fleet.path)\n")
    }

    @Test func theDefaultAuditFindsApprovalsAndPausesByTheUpgradeID() async throws {
        let fleet = try await recorded()
        let outcome = try OrchestratorProcess.run(["audit", "--store", fleet.path, "--upgrade", RecordedFleet.upgradeID("store-0002"), "--format", "ndjson"])
        #expect(outcome.exitCode == 0)
        for type in ["ProfileChangeAccepted", "RepaveApprovalRequested", "RepaveApproved", "UpgradePaused", "UpgradeResumed", "UpgradeSucceeded"] {
            #expect(outcome.stdout.contains("\"type\":\"\(type)\""), "\(type)")
        }
        #expect(!outcome.stdout.contains("ClusterRegistered"))
    }

    @Test func aRepeatedUpgradeAnswersAnyOfThemInLogOrder() async throws {
        let fleet = try await recorded()
        func positions(_ upgrades: [String]) throws -> [Int] {
            let outcome = try OrchestratorProcess.run(["audit", "--store", fleet.path, "--format", "ndjson"] + upgrades.flatMap { ["--upgrade", $0] })
            try #require(outcome.exitCode == 0, "\(outcome.stderr)")
            return try outcome.stdout.split(separator: "\n").map { line in
                let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return try #require(event["position"] as? Int)
            }
        }
        let second = try positions([RecordedFleet.upgradeID("store-0002")]), third = try positions([RecordedFleet.upgradeID("store-0003")])
        #expect(!second.isEmpty && !third.isEmpty)
        #expect(try positions([RecordedFleet.upgradeID("store-0003"), RecordedFleet.upgradeID("store-0002")]) == (second + third).sorted())
    }

    @Test(arguments: [["--since", "yesterday"], ["--until", "5x"]])
    func aMalformedApprovalTimeExits64(arguments: [String]) async throws {
        let fleet = try await recorded()
        let outcome = try OrchestratorProcess.run(["audit", "approvals", "--store", fleet.path] + arguments)
        #expect(outcome.exitCode == 64)
        #expect(outcome.stderr.contains("RFC 3339"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: [["audit", "timeline", "--upgrade", "store-0001#1"], ["audit", "approvals"]])
    func aMissingStoreIsOneClearLineAndNothingIsCreated(command: [String]) throws {
        let missing = folder.child("missing")
        let outcome = try OrchestratorProcess.run(command + ["--store", missing])
        #expect(outcome.exitCode == 66)
        #expect(outcome.stderr.hasPrefix("orchestrator: no store at \(missing)"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
