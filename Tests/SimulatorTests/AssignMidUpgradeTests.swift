import Engine
import EventStore
import Foundation
import Simulator
import Testing
import UpgradeDomain

/// An `assign` that reaches an edge cluster while its upgrade is under way goes to the decider at
/// once, which queues it (ADR 0003), as the service does. The cluster keeps its rollout slot until
/// the queued upgrade is done too, then returns it once: the rest of the fleet goes on.
@Suite("Assigning a cluster mid-upgrade")
struct AssignMidUpgradeTests {
    /// `scenarios/assign-mid-upgrade.json`, changed by `edit`: four shops, one at a time, two
    /// waves; shop-00001 is assigned 1.2.0 a minute into its upgrade to 1.1.0.
    static func scenario(_ edit: (inout [String: Any]) -> Void = { _ in }) throws -> Scenario {
        let source = URL(fileURLWithPath: "\(SimulationTests.scenarios)/assign-mid-upgrade.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        edit(&object)
        return try ScenarioParser.parse(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), folder: ".")
    }

    /// Runs `scenario` into a store in a temporary folder; returns the report and one cluster's events.
    static func run(_ scenario: Scenario, cluster: String) throws -> (SimulationReport, [UpgradeEvent]) {
        let folder = NSTemporaryDirectory() + "orchestrator-mid-upgrade-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try EventStore.open(at: folder)
        let report = try Simulation(scenario: scenario, seed: 1, store: store).run()
        let events = try store.readStream("cluster/\(cluster)").filter { UpgradeEvent.typeNames.contains($0.type) }
            .map { try DomainEventCodec.decode(UpgradeEvent.self, from: $0) }
        return (report, events)
    }

    static func accepted(_ events: [UpgradeEvent]) -> [AcceptedUpgrade] {
        events.compactMap { if case .profileChangeAccepted(let accepted) = $0 { accepted } else { nil } }
    }

    /// With one slot, no two clusters' upgrades overlap: each starts once the one before has ended.
    static func expectOneAtATime(_ report: SimulationReport) throws {
        let spans = report.rows.compactMap { row in row.startedMs.flatMap { start in row.endedMs.map { (row.cluster, start, $0) } } }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        #expect(spans.count == report.rows.count, "every cluster started and ended: \(report.summary)")
        for (earlier, later) in zip(spans, spans.dropFirst()) {
            #expect(later.1 >= earlier.2, "\(later.0) started before \(earlier.0) ended")
        }
    }

    @Test func givenAShopMidUpgradeWhenAssignedANewerVersionThenItKeepsItsSlotAndTheOthersStillUpgrade() throws {
        let (report, events) = try Self.run(try Self.scenario(), cluster: "shop-00001")
        #expect(Dictionary(uniqueKeysWithValues: report.byStatus) == ["succeeded": 4], "\(report.summary)")
        try Self.expectOneAtATime(report)
        // The newer version was queued behind the running upgrade, then planned when it succeeded.
        #expect(events.contains { if case .profileChangeQueued(let change, _) = $0 { change.target.version == "1.2.0" } else { false } })
        #expect(Self.accepted(events).map(\.change.target.version) == ["1.1.0", "1.2.0"])
        let second = try #require(report.rows.first { $0.cluster == "shop-00002" })
        let first = try #require(report.rows.first { $0.cluster == "shop-00001" })
        #expect(try #require(second.startedMs) >= (try #require(first.endedMs)), "shop-00002 waited for both of shop-00001's upgrades")
        #expect(report.edgeRefusals == 0)
    }

    @Test func givenAShopMidUpgradeWhenItsUpgradeFailsThenTheQueuedChangeWaitsPausedAndTheSlotIsFreed() throws {
        let scenario = try Self.scenario { object in
            object["faults"] = ["nodeActionFailureProbability": 1]
            var timeline = object["timeline"] as? [[String: Any]] ?? []
            timeline[1]["at"] = "+5s"  // before the first step can fail
            object["timeline"] = timeline
        }
        let (report, events) = try Self.run(scenario, cluster: "shop-00001")
        #expect(Dictionary(uniqueKeysWithValues: report.byStatus) == ["failed": 4], "\(report.summary)")
        #expect(report.failures == 4)
        try Self.expectOneAtATime(report)
        let accepted = Self.accepted(events)
        #expect(accepted.map(\.change.target.version) == ["1.1.0", "1.2.0"])
        #expect(accepted.last?.heldAfterFailure == true, "after a failure the queued change starts paused, for a person to look first")
    }

    @Test func givenAShopMidUpgradeWhenItsUpgradeIsCancelledThenTheQueuedChangeRunsInTheSameSlot() throws {
        let scenario = try Self.scenario { object in
            var timeline = object["timeline"] as? [[String: Any]] ?? []
            timeline.append(["at": "+70s", "action": "cancel", "clusters": ["ids": ["shop-00001"]], "actor": "platform"])
            object["timeline"] = timeline
        }
        let (report, events) = try Self.run(scenario, cluster: "shop-00001")
        #expect(Dictionary(uniqueKeysWithValues: report.byStatus) == ["succeeded": 4], "\(report.summary)")
        try Self.expectOneAtATime(report)
        #expect(Self.accepted(events).map(\.change.target.version) == ["1.1.0", "1.2.0"])
        #expect(events.contains { if case .upgradeCancelled = $0 { true } else { false } })
    }

    @Test func givenAShopWaitingForItsWaveWhenAssignedANewerVersionThenItKeepsItsWaveAndUpgradesOnce() throws {
        let scenario = try Self.scenario { object in
            var timeline = object["timeline"] as? [[String: Any]] ?? []
            timeline[1]["clusters"] = ["ids": ["shop-00004"]]
            object["timeline"] = timeline
        }
        let (report, events) = try Self.run(scenario, cluster: "shop-00004")
        #expect(Dictionary(uniqueKeysWithValues: report.byStatus) == ["succeeded": 4], "\(report.summary)")
        try Self.expectOneAtATime(report)
        #expect(report.rows.first { $0.cluster == "shop-00004" }?.wave == "rest")
        #expect(Self.accepted(events).map(\.change.target.version) == ["1.2.0"])
    }
}
