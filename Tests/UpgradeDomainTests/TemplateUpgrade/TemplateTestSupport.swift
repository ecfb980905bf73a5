import Foundation
import Testing
@testable import UpgradeDomain

/// Drives the decider like the service would: decide, append, evolve. No clocks, no sleeps.
struct TemplateHarness {
    private(set) var state: TemplateUpgradeState
    private(set) var log: [TemplateUpgradeEvent]

    init(given events: [TemplateUpgradeEvent] = []) {
        state = TemplateUpgradeDecider.fold(events)
        log = events
    }

    @discardableResult
    mutating func send(_ command: TemplateUpgradeCommand) -> [TemplateUpgradeEvent] {
        let events = TemplateUpgradeDecider.decide(command, state)
        state = TemplateUpgradeDecider.fold(events, from: state)
        log += events
        return events
    }

    /// Observes each parsed watch event, `stepMilliseconds` apart from `start`; returns per-line events.
    @discardableResult
    mutating func observe(
        _ stream: [CAPIWatchEvent], from start: TemplateInstant, stepMilliseconds: Int64 = 10_000
    ) -> [[TemplateUpgradeEvent]] {
        stream.enumerated().map { index, event in
            send(.observe(event, at: start.adding(milliseconds: Int64(index) * stepMilliseconds)))
        }
    }
}

enum TemplateFixtures {
    static let t0 = TemplateInstant(millisecondsSinceEpoch: 1_795_428_000_000)  // 2026-11-23T10:00:00Z

    static func at(minutes: Int64) -> TemplateInstant { t0.adding(milliseconds: minutes * 60_000) }

    static func text(_ name: String, filePath: String = #filePath) throws -> String {
        let folder = filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return try String(contentsOfFile: "\(folder)/Fixtures/\(name)", encoding: .utf8)
    }

    static func stream(_ name: String) throws -> [CAPIWatchEvent] {
        try CAPIWatchEventParser.parse(stream: try text(name))
    }

    static let chain = [
        TemplateUpgradePath(template: "aws-standalone-cp-1-0-14", availableUpgrades: ["aws-standalone-cp-1-0-15"]),
        TemplateUpgradePath(template: "aws-standalone-cp-1-0-12", availableUpgrades: ["aws-standalone-cp-1-0-13"]),
    ]

    static let euVariables = TemplateValue.object([
        "region": .string("eu-west-1"),
        "controlPlaneNumber": .integer(1),
        "workersNumber": .integer(2),
        "worker": .object(["instanceType": .string("m6i.large"), "rootVolumeSize": .integer(32)]),
    ])

    /// The v1beta2 (kubeadm) cluster of the `v1beta2-*.jsonl` fixtures.
    static let eu = TemplateDeployment(
        clusterId: "0b9c3f1e-prod-eu", clusterName: "prod-eu", namespace: "kcm-system",
        targetInfrastructure: "aws", template: "aws-standalone-cp-1-0-14", variables: euVariables,
        upgradePaths: chain, noProgressDeadlineMilliseconds: 15 * 60_000)

    /// The v1beta1 (k0smotron) cluster of the `v1beta1-*.jsonl` fixtures.
    static let us = TemplateDeployment(
        clusterId: "5d7e9a2b-prod-us", clusterName: "prod-us", namespace: "kcm-system",
        targetInfrastructure: "aws", template: "aws-standalone-cp-1-0-12", variables: .emptyObject,
        upgradePaths: chain, noProgressDeadlineMilliseconds: 15 * 60_000)

    static func registered(_ deployment: TemplateDeployment) -> [TemplateUpgradeEvent] {
        [.deploymentRegistered(deployment, at: t0)]
    }

    /// The deployment registered and its Cluster (no machines, no owners) listed by the watch: a
    /// change then starts an upgrade (one before any watch data is refused).
    static func watched(_ deployment: TemplateDeployment) -> [TemplateUpgradeEvent] {
        let cluster = CAPIObject(
            kind: .cluster, apiVersion: .v1beta2, uid: "cluster-\(deployment.clusterId)", resourceVersion: "1",
            name: deployment.clusterName, namespace: deployment.namespace ?? "default", clusterName: deployment.clusterName)
        return registered(deployment) + [.objectObserved(.added(cluster), at: t0)]
    }

    /// A harness with the deployment registered and the baseline fixture observed.
    static func baselined(_ deployment: TemplateDeployment, baseline: String) throws -> TemplateHarness {
        var harness = TemplateHarness(given: registered(deployment))
        harness.observe(try stream(baseline), from: at(minutes: 1), stepMilliseconds: 1000)
        return harness
    }

    static func upgradeTemplate(
        _ target: String, id: String = "upg-1", version: String? = nil, minutes: Int64 = 10,
        variables: TemplateValue
    ) -> TemplateUpgradeCommand {
        .changeDeployment(TemplateDeploymentChange(
            upgradeId: id, template: target, variables: variables,
            targetKubernetesVersion: version, at: at(minutes: minutes)))
    }
}

extension TemplateUpgradeEvent {
    var isTelemetry: Bool { if case .telemetryRecorded = self { true } else { false } }
    var progress: TemplateUpgradeProgress? { if case .upgradeProgressed(let p) = self { p } else { nil } }
    var failure: TemplateUpgradeFailure? { if case .upgradeFailed(let f) = self { f } else { nil } }
    var isSuccess: Bool { if case .upgradeSucceeded = self { true } else { false } }
}
