import EventStore
import Foundation
import Simulator
import Testing

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
