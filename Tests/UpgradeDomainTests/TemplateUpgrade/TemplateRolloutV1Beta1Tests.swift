import Testing
@testable import UpgradeDomain

@Suite("Rolling replacement observed through Cluster API v1beta1 (k0smotron)")
struct TemplateRolloutV1Beta1Tests {
    typealias F = TemplateFixtures

    /// The target version is given without `+k0s.0`: versions match without build metadata.
    func started() throws -> TemplateHarness {
        var harness = try F.baselined(F.us, baseline: "v1beta1-baseline.jsonl")
        let events = harness.send(F.upgradeTemplate(
            "aws-standalone-cp-1-0-13", version: "v1.32.4", minutes: 30, variables: .emptyObject))
        #expect(events.count == 2)  // started + K0sControlPlane single replica warning
        return harness
    }

    @Test("progress counts new machines (spec.version at target, created by the rollout) out of total")
    func progressThroughRollout() throws {
        var harness = try started()
        let perLine = harness.observe(try F.stream("v1beta1-rollout-success.jsonl"), from: F.at(minutes: 31))
        let counts = perLine.flatMap { $0.compactMap(\.progress) }.map { [$0.machinesUpdated, $0.machinesTotal] }
        #expect(counts == [
            [0, 4], [0, 4], [1, 4], [1, 4], [1, 3],
            [1, 4], [2, 4], [2, 4], [2, 3],
            [2, 4], [3, 4], [3, 4], [3, 3],
        ])
        #expect(perLine[10] == [])  // the duplicated MODIFIED line
        #expect(perLine.dropLast().allSatisfy { !$0.contains { $0.isSuccess } })
        #expect(perLine.last?.contains { $0.isSuccess } == true)
        #expect(harness.state.status.label == "Upgrade successful")
        #expect(harness.log.filter { $0.isTelemetry } == [.telemetryRecorded(TemplateUpgradeTelemetry(
            clusterId: "5d7e9a2b-prod-us", targetInfrastructure: "aws", template: "aws-standalone-cp-1-0-13"))])
    }

    @Test("a machine in phase Failed fails the upgrade with its failureReason and failureMessage")
    func failedMachine() throws {
        var harness = try started()
        let perLine = harness.observe(try F.stream("v1beta1-rollout-failed.jsonl"), from: F.at(minutes: 31))
        let failure = try #require(perLine.last?.compactMap(\.failure).first)
        #expect(failure == TemplateUpgradeFailure(
            upgradeId: "upg-1", objectKind: "Machine", objectName: "kcm-system/prod-us-cp-1",
            cause: .phase("Failed"), reason: "CreateError",
            message: #"Failure detected from referenced resource infrastructure.cluster.x-k8s.io/v1beta2, Kind=AWSMachine with name "prod-us-cp-1": failed to create instance: UnauthorizedOperation: You are not authorized to perform this operation."#,
            at: F.at(minutes: 31).adding(milliseconds: 30_000)))
        #expect(harness.state.status.label == "Upgrade failed")
        #expect(harness.state.status.detail.contains("Machine kcm-system/prod-us-cp-1 phase Failed, reason CreateError"))
    }

    @Test("without a target version, an owner that never takes the change holds its machines until the deadline, then settles")
    func ownerRuleWithoutVersion() throws {
        var harness = try F.baselined(F.us, baseline: "v1beta1-baseline.jsonl")
        harness.send(F.upgradeTemplate("aws-standalone-cp-1-0-13", minutes: 30, variables: .emptyObject))
        let stream = try F.stream("v1beta1-rollout-success.jsonl")
        // Only the MachineDeployment rolls: the control plane keeps its generation and updatedReplicas == replicas.
        let workerLines = [1] + Array(8...17)
        let perLine = harness.observe(workerLines.map { stream[$0] }, from: F.at(minutes: 31))
        let counts = perLine.flatMap { $0.compactMap(\.progress) }.map { [$0.machinesUpdated, $0.machinesTotal] }
        // The control plane has not taken the change: its machine is not counted as updated yet.
        #expect(counts.first == [0, 4])
        #expect(counts.last == [2, 3])
        #expect(harness.state.status.label == "Upgrade in Progress")
        let lastProgress = try #require(harness.state.upgrade?.lastProgressAt)
        #expect(harness.send(.tick(now: lastProgress.adding(milliseconds: 15 * 60_000 - 1))) == [])
        // At the deadline the control plane is taken to be one the change does not touch.
        let now = lastProgress.adding(milliseconds: 15 * 60_000)
        let events = harness.send(.tick(now: now))
        #expect(events.first == .upgradeSucceeded(TemplateUpgradeCompletion(
            upgradeId: "upg-1", machinesUpdated: 3, machinesTotal: 3, settledWithoutRollout: false, at: now)))
        #expect(harness.state.status.label == "Upgrade successful")
    }
}
