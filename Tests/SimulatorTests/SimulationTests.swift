import Engine
import EventStore
import Foundation
import Simulator
import Testing
import UpgradeDomain

@Suite("Simulating rollouts")
struct SimulationTests {
    static var scenarios: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios").path
    }

    func load(_ name: String) throws -> Scenario { try ScenarioParser.load("\(Self.scenarios)/\(name).json") }

    @Test func theSameScenarioAndSeedGiveTheSameReportAndTheSameEvents() throws {
        let scenario = try load("mixed-repave-approval-waves")
        func run() throws -> (String, [RecordedEvent]) {
            let folder = NSTemporaryDirectory() + "orchestrator-sim-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let store = try EventStore.open(at: folder)
            let report = try Simulation(scenario: scenario, seed: 7, store: store, scale: 0.05).run()
            var events: [RecordedEvent] = []
            try store.forEachEvent { events.append($0) }
            return (report.json, events)
        }
        let (firstReport, firstEvents) = try run()
        let (secondReport, secondEvents) = try run()
        #expect(firstReport == secondReport)
        #expect(firstEvents == secondEvents)
        #expect(firstEvents.count > 100)
    }

    @Test func aClustersSecondUpgradeInOneReplayIsAnsweredLikeItsFirst() throws {
        // The factory scenario, and three days later a third profile version for the same lines.
        let source = URL(fileURLWithPath: "\(Self.scenarios)/factory-k3s-config-change.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        var profiles = try #require(object["profiles"] as? [[String: Any]])
        var next = try #require(profiles.first { $0["version"] as? String == "3.3.0" })
        var packs = try #require(next["packs"] as? [[String: Any]])
        packs[1]["values"] = (packs[1]["values"] as? String)?.replacingOccurrences(of: "maxbackup=10", with: "maxbackup=20")
        (next["version"], next["packs"]) = ("3.4.0", packs)
        profiles.append(next)
        var timeline = try #require(object["timeline"] as? [[String: Any]])
        timeline.append(["at": "+3d", "action": "assign", "clusters": ["classes": ["line"]], "profile": "factory@3.4.0", "actor": "ot-platform"])
        (object["profiles"], object["timeline"]) = (profiles, timeline)
        let folder = NSTemporaryDirectory() + "orchestrator-sim-twice-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: folder + "/scenario.json"))

        let store = try EventStore.open(at: folder + "/store")
        let report = try Simulation(scenario: try ScenarioParser.load(folder + "/scenario.json"), seed: 1, store: store, scale: 0.05).run()
        var succeeded = 0, steps = [1: 0, 2: 0], timedOut = [1: 0, 2: 0]
        try store.forEachEvent { event in
            guard ["UpgradeSucceeded", "NodeStepStarted", "NodeStepFailed"].contains(event.data.type) else { return }
            switch try DomainEventCodec.decode(UpgradeEvent.self, from: event) {
            case .upgradeSucceeded: succeeded += 1
            case .nodeStepStarted(let request): steps[request.upgrade, default: 0] += 1
            case .nodeStepFailed(let failure): if case .timedOut = failure.error { timedOut[failure.upgrade, default: 0] += 1 }
            default: break
            }
        }
        #expect(succeeded == 2 * report.clusters)
        #expect(steps[1, default: 0] > 100 && steps[2, default: 0] > 100, "\(steps)")
        // Reports keyed without their upgrade were taken as repeats of the first upgrade's, and
        // nearly every step of the second timed out.
        #expect(timedOut[2, default: 0] * 100 < steps[2, default: 0], "\(timedOut) of \(steps)")
    }

    @Test func anotherSeedGivesAnotherRun() throws {
        let scenario = try load("mixed-repave-approval-waves")
        let a = try Simulation(scenario: scenario, seed: 1, store: nil, scale: 0.05).run()
        let b = try Simulation(scenario: scenario, seed: 2, store: nil, scale: 0.05).run()
        #expect(a.json != b.json)
    }

    @Test func aFailureBudgetHaltsTheRolloutAndNamesTheFirstCause() throws {
        let report = try Simulation(scenario: try load("mixed-repave-approval-waves"), seed: 1, store: nil, scale: 0.1).run()
        let halt = try #require(report.halt)
        #expect(halt.contains("over the failure budget"))
        #expect(report.firstFailure != nil)
        #expect(report.byStatus.contains { $0.0 == "not started" })
        #expect(report.byStatus.contains { $0.0 == "cancelled" })  // the kiosks' repave was denied
        #expect(report.denials > 0)
    }

    @Test(arguments: ["retail-rke2-os-patch", "factory-k3s-config-change", "mixed-repave-approval-waves", "aws-template-upgrade"])
    func everyBundledScenarioRunsAtAReducedSize(name: String) throws {
        let scenario = try load(name)
        let report = try Simulation(scenario: scenario, seed: 1, store: nil, scale: 0.02).run()
        #expect(report.clusters >= scenario.fleet.count)
        #expect(report.makespanMs > 0)
        #expect(report.byStatus.reduce(0) { $0 + $1.1 } == report.clusters)
    }

    @Test func noPoolEverHasMoreNodesDownThanItsBudget() throws {
        // Factory lines: workers maxUnavailable 2, control plane one at a time.
        let report = try Simulation(scenario: try load("factory-k3s-config-change"), seed: 3, store: nil, scale: 0.05).run()
        #expect(report.peakUnavailableInOnePool <= 2)
        #expect(report.peakUnavailableInOnePool >= 1)
        #expect(report.byBehavior.map(\.0) == ["service-restart"])
    }

    @Test func anRKE2StageChangeRepavesEveryStore() throws {
        let report = try Simulation(scenario: try load("retail-rke2-os-patch"), seed: 1, store: nil, scale: 0.01).run()
        #expect(report.byBehavior.map(\.0) == ["repave"])
        #expect(report.approvalsRequested == report.clusters)
    }
}
