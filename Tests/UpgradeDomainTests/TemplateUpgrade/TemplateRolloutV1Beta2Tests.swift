import Testing
@testable import UpgradeDomain

@Suite("Rolling replacement observed through Cluster API v1beta2")
struct TemplateRolloutV1Beta2Tests {
    typealias F = TemplateFixtures

    func started() throws -> TemplateHarness {
        var harness = try F.baselined(F.eu, baseline: "v1beta2-baseline.jsonl")
        let events = harness.send(F.upgradeTemplate(
            "aws-standalone-cp-1-0-15", version: "v1.32.5", variables: F.euVariables))
        #expect(events.count == 2)  // started + single-node control plane warning (KCP has 1 replica)
        return harness
    }

    @Test("the baseline list is observed without starting anything")
    func baselineObserved() throws {
        let harness = try F.baselined(F.eu, baseline: "v1beta2-baseline.jsonl")
        #expect(harness.state.machines.map(\.name) == [
            "prod-eu-cp-7xq2p", "prod-eu-md-5f7c9d-h2kx9", "prod-eu-md-5f7c9d-q8zt4"])
        #expect(harness.state.status == .notUpgrading)
    }

    @Test("upgrade start warns about the single-replica KubeadmControlPlane")
    func singleNodeWarning() throws {
        let harness = try started()
        let warnings = try #require(harness.state.upgrade?.warnings)
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.hasPrefix("KubeadmControlPlane kcm-system/prod-eu-cp has 1 replica") == true)
    }

    @Test("progress counts machines updated out of total through the rolling replacement")
    func progressThroughRollout() throws {
        var harness = try started()
        let perLine = harness.observe(try F.stream("v1beta2-rollout-success.jsonl"), from: F.at(minutes: 11))
        let counts = perLine.flatMap { $0.compactMap(\.progress) }.map { [$0.machinesUpdated, $0.machinesTotal] }
        #expect(counts == [
            [0, 4], [0, 4], [1, 4], [1, 4], [1, 3],  // control plane: surge, ready, old deleting, old deleted
            [1, 4], [2, 4], [2, 4], [2, 3],          // first worker replaced
            [2, 4], [3, 4], [3, 4], [3, 3],          // second worker replaced
        ])
        #expect(perLine[0].contains(.rolloutDetected(upgradeId: "upg-1", at: F.at(minutes: 11))))
        #expect(perLine[6] == [])   // BOOKMARK
        #expect(perLine[14] == [])  // the same MODIFIED line (uid and resourceVersion) again
    }

    @Test("success needs the Cluster Available too: all machines updated is not enough")
    func successNeedsClusterAvailable() throws {
        var harness = try started()
        let stream = try F.stream("v1beta2-rollout-success.jsonl")
        harness.observe(Array(stream.prefix(22)), from: F.at(minutes: 11))
        #expect(harness.state.upgrade?.progress.machinesUpdated == 3)
        #expect(harness.state.upgrade?.progress.machinesTotal == 3)
        #expect(harness.state.status.label == "Upgrade in Progress")

        let last = harness.observe(Array(stream.suffix(2)), from: F.at(minutes: 15))
        #expect(last[0].count == 1)  // MachineDeployment settled: observed only
        #expect(last[1].contains { $0.isSuccess })
        #expect(harness.state.status.label == "Upgrade successful")
        #expect(harness.state.status.detail == "Upgrade successful: 3 of 3 machines updated at 2026-11-23T10:15:10.000Z")
    }

    @Test("success waits until the MachineDeployment stops reporting RollingOut")
    func successNeedsOwnersSettled() throws {
        var harness = try started()
        let stream = try F.stream("v1beta2-rollout-success.jsonl")
        harness.observe(Array(stream.prefix(22)) + [stream[23]], from: F.at(minutes: 11))
        #expect(harness.state.status.label == "Upgrade in Progress")
        harness.send(.observe(stream[22], at: F.at(minutes: 15)))
        #expect(harness.state.status.label == "Upgrade successful")
    }

    @Test("telemetry is recorded exactly once with cluster_id, target_infrastructure and template")
    func telemetryOnce() throws {
        var harness = try started()
        harness.observe(try F.stream("v1beta2-rollout-success.jsonl"), from: F.at(minutes: 11))
        harness.observe(try F.stream("v1beta2-rollout-success.jsonl"), from: F.at(minutes: 40))  // replay: duplicates
        harness.send(.tick(now: F.at(minutes: 300)))
        let telemetry = harness.log.filter(\.isTelemetry)
        #expect(telemetry == [.telemetryRecorded(TemplateUpgradeTelemetry(
            clusterId: "0b9c3f1e-prod-eu", targetInfrastructure: "aws", template: "aws-standalone-cp-1-0-15"))])
        if case .telemetryRecorded(let record) = telemetry.first {
            #expect(record.fields.map(\.name) == ["cluster_id", "target_infrastructure", "template"])
        }
    }

    @Test("a False condition with a failure reason fails the upgrade, naming object, condition, reason, message, time")
    func failedCondition() throws {
        var harness = try started()
        let perLine = harness.observe(try F.stream("v1beta2-rollout-failed.jsonl"), from: F.at(minutes: 11))
        #expect(perLine.dropLast().allSatisfy { $0.allSatisfy { $0.failure == nil } })
        let failure = try #require(perLine.last?.compactMap(\.failure).first)
        #expect(failure.objectKind == "Machine")
        #expect(failure.objectName == "kcm-system/prod-eu-cp-m4rzd")
        #expect(failure.cause == .condition(type: "InfrastructureReady", flavor: .v1beta2))
        #expect(failure.reason == "InstanceProvisionFailed")
        #expect(failure.message.contains("InsufficientInstanceCapacity"))
        #expect(failure.at == F.at(minutes: 11).adding(milliseconds: 50_000))
        #expect(harness.state.status.label == "Upgrade failed")
        #expect(harness.state.status.detail.hasPrefix(
            "Upgrade failed at 2026-11-23T10:11:50.000Z: Machine kcm-system/prod-eu-cp-m4rzd condition InfrastructureReady=False (v1beta2), reason InstanceProvisionFailed: "))
        #expect(!harness.log.contains { $0.isTelemetry })
    }

    @Test("after a failure, further observations are recorded but the status stays failed")
    func failureIsTerminal() throws {
        var harness = try started()
        harness.observe(try F.stream("v1beta2-rollout-failed.jsonl"), from: F.at(minutes: 11))
        let failed = harness.state.status
        let lastLine = try #require(try F.stream("v1beta2-rollout-success.jsonl").last)
        let events = harness.observe([lastLine], from: F.at(minutes: 20))
        #expect(events == [[.objectObserved(lastLine, at: F.at(minutes: 20))]])
        #expect(harness.state.status == failed)
    }
}
