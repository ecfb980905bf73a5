import Engine
import EventStore
import Foundation
import Simulator
import Testing
import UpgradeDomain

@Suite("Simulating template upgrades through Cluster API")
struct TemplateSimulationTests {
    func bundled() throws -> Scenario { try ScenarioParser.load("\(SimulationTests.scenarios)/aws-template-upgrade.json") }

    /// Runs into a fresh store; returns the report and every recorded event.
    func run(_ scenario: Scenario, seed: UInt64 = 1, scale: Double) throws -> (SimulationReport, [RecordedEvent]) {
        let folder = NSTemporaryDirectory() + "orchestrator-tsim-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try EventStore.open(at: folder)
        let report = try Simulation(scenario: scenario, seed: seed, store: store, scale: scale).run()
        var events: [RecordedEvent] = []
        try store.forEachEvent { events.append($0) }
        return (report, events)
    }

    func templateEvents(_ events: [RecordedEvent], cluster: String) throws -> [TemplateUpgradeEvent] {
        try events.filter { $0.stream == "cluster/\(cluster)" }
            .map { try DomainEventCodec.decode(TemplateUpgradeEvent.self, from: $0) }
    }

    @Test func theAWSScenarioRunsAtAReducedSize() throws {
        let report = try Simulation(scenario: try bundled(), seed: 1, store: nil, scale: 0.02).run()
        #expect(report.templateClusters == report.clusters)
        #expect(report.byBehavior.map(\.0) == ["template"])
        let succeeded = report.byStatus.first { $0.0 == "succeeded" }?.1 ?? 0
        #expect(succeeded > 0)
        #expect(report.telemetryEvents == succeeded)
        #expect(report.byDeploymentStatus.first { $0.0 == "Upgrade successful" }?.1 == succeeded)
        #expect(report.makespanMs > 0)
        #expect(report.summary.contains { $0.hasPrefix("template deployments:") })
    }

    @Test func theSameSeedGivesTheSameReportAndTheSameEvents() throws {
        let scenario = try bundled()
        let (firstReport, firstEvents) = try run(scenario, seed: 9, scale: 0.02)
        let (secondReport, secondEvents) = try run(scenario, seed: 9, scale: 0.02)
        #expect(firstReport.json == secondReport.json)
        #expect(firstEvents == secondEvents)
        #expect(firstEvents.count > 1_000)
        #expect(Set(firstEvents.map(\.type)).isSuperset(of: [
            "TemplateDeploymentRegistered", "TemplateUpgradePathsDeclared", "ClusterAPIObjectObserved",
            "TemplateUpgradeStarted", "TemplateRolloutDetected", "TemplateUpgradeProgressed",
            "TemplateUpgradeSucceeded", "UpgradeTelemetryRecorded", "TemplateCommandRefused",
        ]))
    }

    @Test func aStuckMachineFailsItsDeploymentAtTheDeadlineAndIsNamed() throws {
        var scenario = try bundled()
        scenario.faults.stuckMachineProbability = 0.1
        scenario.policy.failureBudget = nil
        scenario.policy.failureBudgetPercent = nil
        let (report, events) = try run(scenario, scale: 0.02)
        let failed = report.rows.filter { $0.status == "failed" }
        #expect(!failed.isEmpty)
        #expect(report.failures == failed.count)
        #expect(report.firstFailure?.contains("ProgressDeadlineExceeded") == true)
        for row in failed {
            #expect(row.deploymentStatus == "Upgrade failed")
            let failure = try #require(row.failure)
            #expect(failure.hasPrefix("Cluster kcm-system/\(row.cluster) no progress for 30m00s, reason ProgressDeadlineExceeded"))
            // The first machine named is the stuck one: created by the upgrade, provisioned, never ready.
            let named = try #require(failure.components(separatedBy: "waiting on kcm-system/").dropFirst().first?
                .split(whereSeparator: { $0 == "," || $0 == " " }).first.map(String.init))
            let state = TemplateUpgradeDecider.fold(try templateEvents(events, cluster: row.cluster))
            let machine = try #require(state.machines.first { $0.name == named })
            #expect(machine.phase == "Provisioned")
            #expect(machine.condition("Ready", flavor: .v1beta2)?.status == .false)
            #expect(state.upgrade?.start.baselineMachineUIDs.contains(machine.uid) == false)
        }
    }

    @Test func aChangeOutsideTheDeclaredPathIsRefused() throws {
        let (report, events) = try run(try bundled(), scale: 0.02)
        let lab = try #require(report.rows.first { $0.clusterClass == "aws-lab" })
        #expect(lab.status == "refused")
        #expect(lab.deploymentStatus == "Not upgrading")
        #expect(lab.failure?.contains("aws-standalone-cp-1-0-14 is not an available upgrade of aws-standalone-cp-1-0-15") == true)
        #expect(report.templateRefusals == 1)
        let refusals = try templateEvents(events, cluster: lab.cluster).compactMap { event -> TemplateUpgradeRefusal? in
            if case .commandRefused(let refusal) = event { return refusal }
            return nil
        }
        #expect(refusals.map(\.reason) == [.outsideUpgradePath(
            current: "aws-standalone-cp-1-0-15", target: "aws-standalone-cp-1-0-14", allowed: [])])
    }

    /// A small template fleet: `surge` workers, an upgrade at +0s, a variables change at +10m.
    static func small(surge: Int, stuck: Double = 0) -> Data {
        let object: [String: Any] = [
            "name": "small-template", "start": "2026-11-24T00:00:00Z", "profiles": [],
            "templates": [
                ["name": "t1", "kubernetesVersion": "v1.31.9", "upgrades": ["t2"]],
                ["name": "t2", "kubernetesVersion": "v1.32.5", "upgrades": []],
            ],
            "fleet": [[
                "class": "c", "count": 4, "kind": "template", "template": "t1", "infrastructure": "aws",
                "variables": ["worker": ["instanceType": "m6i.large"]], "controlPlane": 3, "workers": 2,
                "maxSurge": surge, "maxUnavailable": 1,
            ]],
            "durations": ["machineRollout": ["fixed": "5m"], "drain": ["fixed": "1m"]],
            "faults": ["stuckMachineProbability": stuck],
            "timeline": [
                ["at": "+0s", "action": "changeTemplate", "clusters": ["classes": ["c"]], "template": "t2"],
                ["at": "+10m", "action": "changeTemplate", "clusters": ["ids": ["c-00001"]],
                 "variables": ["worker": ["instanceType": "m6i.xlarge"]], "actor": "alice"],
            ],
        ]
        return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    @Test func aChangeDuringAnUpgradeIsRefusedAndTheUpgradeGoesOn() throws {
        let scenario = try ScenarioParser.parse(Self.small(surge: 1), folder: ".")
        let (report, events) = try run(scenario, scale: 1)
        #expect(report.byStatus.map(\.0) == ["succeeded"])
        let refused = try templateEvents(events, cluster: "c-00001").compactMap { event -> TemplateUpgradeRefusal? in
            if case .commandRefused(let refusal) = event { return refusal }
            return nil
        }
        #expect(refused.map(\.reason) == [.upgradeInProgress(upgradeId: "c-00001/1", target: "t2")])
        #expect(refused.first?.upgradeId == "c-00001/2")
        let refusalEvent = try #require(events.first { $0.type == "TemplateCommandRefused" })
        #expect(refusalEvent.data.actor == "alice")
    }

    @Test(arguments: [(1, false), (0, true)])
    func onlyAWorkerPoolWithoutSurgeTakesNodesOutOfService(surge: Int, expectUnavailable: Bool) throws {
        let scenario = try ScenarioParser.parse(Self.small(surge: surge), folder: ".")
        let report = try Simulation(scenario: scenario, seed: 1, store: nil, scale: 1).run()
        #expect(report.byStatus.map(\.0) == ["succeeded"])
        #expect((report.peakUnavailable > 0) == expectUnavailable)
        #expect(report.peakUnavailableInOnePool <= 1)
    }

    @Test func aVariablesOnlyChangeRollsEveryMachineToo() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Self.small(surge: 1)) as? [String: Any])
        object["timeline"] = [["at": "+0s", "action": "changeTemplate", "clusters": [String: Any](),
                               "variables": ["worker": ["instanceType": "m6i.2xlarge"]]]]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let (report, events) = try run(try ScenarioParser.parse(data, folder: "."), scale: 1)
        #expect(report.byStatus.map(\.0) == ["succeeded"])
        let started = try templateEvents(events, cluster: "c-00002").compactMap { event -> TemplateUpgradeStart? in
            if case .upgradeStarted(let start) = event { return start }
            return nil
        }
        #expect(started.count == 1)
        #expect(started.first?.templateChanged == false)
        #expect(started.first?.variablesChanged == true)
        #expect(started.first?.toVariables == .object(["worker": .object([
            "instanceType": .string("m6i.2xlarge")])]))
    }
}
