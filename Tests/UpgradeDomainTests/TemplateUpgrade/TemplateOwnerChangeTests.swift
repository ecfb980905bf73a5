import Testing
@testable import UpgradeDomain

/// A change without a target Kubernetes version (a variables change, or a template whose version
/// is not given) is only done once every owner of machines has taken it and replaced its machines.
@Suite("Owners take the change before an upgrade succeeds")
struct TemplateOwnerChangeTests {
    typealias F = TemplateFixtures
    typealias S = TemplateSmallCluster

    /// The control plane rolls its one machine; the MachineDeployment has not reacted yet.
    func controlPlaneRolled(_ change: TemplateUpgradeCommand) -> TemplateHarness {
        var harness = S.listedHarness()
        harness.send(change)
        harness.observe([
            .modified(S.controlPlane(rv: "200", upToDate: 0, generation: 3, rolling: true)),
            .added(S.machine("small-cp-new", rv: "201", controlPlane: true)),
            .modified(S.machine("small-cp-0", rv: "202", controlPlane: true, upToDate: false, deleting: true)),
            .deleted(S.machine("small-cp-0", rv: "203", controlPlane: true, upToDate: false, deleting: true)),
            .modified(S.controlPlane(rv: "204", generation: 3)),
        ], from: F.at(minutes: 11))
        return harness
    }

    /// The MachineDeployment takes the change and replaces its three workers one by one.
    func workersRolled(_ harness: inout TemplateHarness) -> [[TemplateUpgradeEvent]] {
        var stream: [CAPIWatchEvent] = [.modified(S.machineDeployment(rv: "300", upToDate: 0, generation: 3, rolling: true))]
        for index in 0..<3 {
            let rv = 310 + index * 10
            stream += [
                .added(S.machine("small-md-new-\(index)", rv: "\(rv)")),
                .modified(S.machine("small-md-\(index)", rv: "\(rv + 1)", upToDate: false, deleting: true)),
                .deleted(S.machine("small-md-\(index)", rv: "\(rv + 2)", upToDate: false, deleting: true)),
                .modified(S.machineDeployment(rv: "\(rv + 3)", upToDate: index + 1, generation: 3, rolling: index < 2)),
            ]
        }
        return harness.observe(stream, from: F.at(minutes: 20))
    }

    static let changes: [(String, TemplateUpgradeCommand)] = [
        ("a template change without a target version", S.change(template: "t-15")),
        ("a variables-only change (worker instance type)",
         S.change(template: "t-14", variables: .object(["worker": .object(["instanceType": .string("m6i.2xlarge")])]))),
    ]

    @Test("given the control plane rolled and the MachineDeployment has not reacted, then the upgrade is still in progress",
          arguments: changes)
    func controlPlaneAloneIsNotSuccess(_ name: String, _ change: TemplateUpgradeCommand) {
        let harness = controlPlaneRolled(change)
        #expect(harness.state.status.label == "Upgrade in Progress", "\(name)")
        #expect(harness.state.status.detail == "Upgrade in Progress: 1 of 4 machines updated", "\(name)")
        #expect(!harness.log.contains { $0.isTelemetry }, "\(name)")
    }

    @Test("when the MachineDeployment then replaces every worker, then the upgrade succeeds with one telemetry event",
          arguments: changes)
    func successAfterTheWorkers(_ name: String, _ change: TemplateUpgradeCommand) {
        var harness = controlPlaneRolled(change)
        let perLine = workersRolled(&harness)
        #expect(perLine.dropLast().allSatisfy { !$0.contains { $0.isSuccess } }, "\(name)")
        #expect(perLine.last?.contains { $0.isSuccess } == true, "\(name)")
        #expect(harness.log.filter { $0.isTelemetry }.count == 1, "\(name)")
        #expect(harness.state.status.detail.hasPrefix("Upgrade successful: 4 of 4 machines updated"), "\(name)")
        #expect(Set(harness.state.machines.map(\.name)) == ["small-cp-new", "small-md-new-0", "small-md-new-1", "small-md-new-2"])
    }

    @Test("a MachineDeployment that takes the change but has not replaced its workers holds success (RollingOut, 0 of 3 up to date)")
    func reactedButNotRolled() {
        var harness = controlPlaneRolled(S.change())
        let events = harness.send(.observe(.modified(S.machineDeployment(rv: "300", upToDate: 0, generation: 3, rolling: true)),
                                           at: F.at(minutes: 20)))
        #expect(!events.contains { $0.isSuccess })
        #expect(harness.state.status.label == "Upgrade in Progress")
    }

    @Test("a machine created by an owner that has not taken the change is not counted as updated")
    func newMachineOfAnUntouchedOwner() {
        var harness = controlPlaneRolled(S.change())
        harness.send(.observe(.added(S.machine("small-md-remediated", rv: "250")), at: F.at(minutes: 15)))
        #expect(harness.state.status.detail == "Upgrade in Progress: 1 of 5 machines updated")
    }

    @Test("given an owner that never takes the change, when the no-progress deadline passes, then the upgrade settles as successful")
    func untouchedOwnerSettlesAtTheDeadline() throws {
        var harness = controlPlaneRolled(S.change())
        let lastProgress = try #require(harness.state.upgrade?.lastProgressAt)
        #expect(harness.send(.tick(now: lastProgress.adding(milliseconds: 10 * 60_000 - 1))) == [])
        let now = lastProgress.adding(milliseconds: 10 * 60_000)
        let events = harness.send(.tick(now: now))
        #expect(events.first == .upgradeSucceeded(TemplateUpgradeCompletion(
            upgradeId: "upg-small", machinesUpdated: 4, machinesTotal: 4, settledWithoutRollout: false, at: now)))
        #expect(events.filter { $0.isTelemetry }.count == 1)
    }

    @Test("the owners' generations at the start are recorded, and filled in when folding an upgrade recorded without them")
    func baselineGenerations() throws {
        var harness = S.listedHarness()
        let started = harness.send(S.change())
        guard case .upgradeStarted(var start) = started.first else {
            Issue.record("expected a start, got \(started)")
            return
        }
        #expect(start.baselineOwnerGenerations == ["kcp": 2, "md": 2])
        start.baselineOwnerGenerations = nil
        let older = TemplateUpgradeDecider.fold(
            F.registered(S.deployment) + S.listed().map { .objectObserved($0, at: F.t0) } + [.upgradeStarted(start)])
        #expect(older.upgrade?.start.baselineOwnerGenerations == ["kcp": 2, "md": 2])
    }
}
