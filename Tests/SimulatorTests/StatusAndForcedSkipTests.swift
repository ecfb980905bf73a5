import Engine
import EventStore
import Foundation
import Simulator
import Testing
import UpgradeDomain

/// A scenario gives a class's inventory status and timed status changes, and an assign may force a
/// skipped Kubernetes minor version: the decider applies the service's guardrails to both.
@Suite("Cluster status and forced minor skips in scenarios")
struct StatusAndForcedSkipTests {
    static let reason = "1.31 was never certified on the kiosk hardware"

    /// `scenarios/kiosk-status-forced-minor-skip.json`, changed by `edit`: three kiosks on 1.30
    /// assigned 1.32 with a force (kiosk-00003 being deleted), two pop-ups provisioning until +2h.
    static func scenario(_ edit: (inout [String: Any]) -> Void = { _ in }) throws -> Scenario {
        let source = URL(fileURLWithPath: "\(SimulationTests.scenarios)/kiosk-status-forced-minor-skip.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        edit(&object)
        return try ScenarioParser.parse(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), folder: ".")
    }

    /// Every edge event of `cluster` in the store.
    static func events(of cluster: String, in store: EventStore) throws -> [UpgradeEvent] {
        try store.readStream("cluster/\(cluster)").filter { UpgradeEvent.typeNames.contains($0.type) }
            .map { try DomainEventCodec.decode(UpgradeEvent.self, from: $0) }
    }

    static func refusals(_ events: [UpgradeEvent]) -> [RefusalReason] {
        events.compactMap { if case .commandRefused(let refusal) = $0 { refusal.reason } else { nil } }
    }

    static func accepted(_ events: [UpgradeEvent]) -> [AcceptedUpgrade] {
        events.compactMap { if case .profileChangeAccepted(let accepted) = $0 { accepted } else { nil } }
    }

    static func withStore<T>(_ body: (EventStore) throws -> T) throws -> T {
        let folder = NSTemporaryDirectory() + "orchestrator-status-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try body(try EventStore.open(at: folder))
    }

    @Test func givenKiosksNotRunningWhenAssignedThenTheirChangeIsRefusedUntilTheyRun() throws {
        try Self.withStore { store in
            let report = try Simulation(scenario: try Self.scenario(), seed: 1, store: store).run()
            #expect(Dictionary(uniqueKeysWithValues: report.byStatus) == ["refused": 1, "succeeded": 4], "\(report.summary)")
            #expect(report.edgeRefusals == 3)
            let deleting = try Self.events(of: "kiosk-00003", in: store)
            #expect(deleting.contains(.clusterStatusChanged(.deleting, at: Timestamp(millisecondsSinceEpoch: report.startMs))))
            #expect(Self.refusals(deleting) == [.clusterIsDeleting])
            #expect(report.rows.first { $0.cluster == "kiosk-00003" }?.failure == "changeProfile refused: the cluster is being deleted")
            let popup = try Self.events(of: "popup-00001", in: store)
            #expect(Self.refusals(popup) == [.clusterIsProvisioning])
            #expect(popup.contains(.clusterStatusChanged(.running, at: Timestamp(millisecondsSinceEpoch: report.startMs + 7_200_000))))
            #expect(Self.accepted(popup).map(\.change.target.version) == ["2.0.0"])
            #expect(try store.readStream("cluster/popup-00001").contains { $0.type == "ClusterStatusChanged" && $0.actor == "provisioning" })
        }
    }

    @Test func givenAForcedMinorSkipWhenTheChangeIsAcceptedThenItRecordsTheForceSignedByTheActor() throws {
        try Self.withStore { store in
            _ = try Simulation(scenario: try Self.scenario(), seed: 1, store: store).run()
            let accepted = try #require(Self.accepted(try Self.events(of: "kiosk-00001", in: store)).first)
            let force = MinorSkipOverride(actor: "retail-platform", reason: Self.reason)
            #expect(accepted.forcedMinorSkip == ForcedMinorSkip(from: "1.30.5", to: "1.32.1", override: force))
            #expect(accepted.change.forceSkipMinor == force)
        }
    }

    @Test func givenNoForceWhenAChangeSkipsAMinorVersionThenEveryKioskRefusesIt() throws {
        let scenario = try Self.scenario { object in
            object["timeline"] = (object["timeline"] as? [[String: Any]] ?? []).map { entry in
                var entry = entry
                entry["forceSkipMinor"] = nil
                return entry
            }
        }
        try Self.withStore { store in
            let report = try Simulation(scenario: scenario, seed: 1, store: store).run()
            #expect(Dictionary(uniqueKeysWithValues: report.byStatus) == ["refused": 5], "\(report.summary)")
            #expect(Self.refusals(try Self.events(of: "kiosk-00001", in: store)) == [.skippedMinorVersion(from: "1.30.5", to: "1.32.1")])
            // The status guardrail comes first, as in the service.
            #expect(Self.refusals(try Self.events(of: "kiosk-00003", in: store)) == [.clusterIsDeleting])
        }
    }

    @Test func theSameScenarioAndSeedGiveTheSameEvents() throws {
        func run() throws -> (String, [RecordedEvent]) {
            try Self.withStore { store in
                let report = try Simulation(scenario: try Self.scenario(), seed: 3, store: store).run()
                var events: [RecordedEvent] = []
                try store.forEachEvent { events.append($0) }
                return (report.json, events)
            }
        }
        let (firstReport, firstEvents) = try run()
        let (secondReport, secondEvents) = try run()
        #expect(firstReport == secondReport)
        #expect(firstEvents == secondEvents)
    }

    @Test func aReRunRegistersEachClusterWithTheStatusItHadWhenItsChangeCame() throws {
        let scenario = try Self.scenario()
        try Self.withStore { store in
            _ = try Simulation(scenario: scenario, seed: 1, store: store).run()
            let history = try RecordedHistory.load(from: store)
            let rerun = try Simulation(history: history, policy: scenario.policy, budgetOverride: nil, seed: 1, store: nil).run()
            // The pop-ups were running by the time their change was accepted; kiosk-00003 was being deleted.
            #expect(Dictionary(uniqueKeysWithValues: rerun.byStatus) == ["refused": 1, "succeeded": 4], "\(rerun.summary)")
            #expect(rerun.rows.first { $0.status == "refused" }?.cluster == "kiosk-00003")
        }
    }
}
