import UpgradeDomain

/// A generated fleet for benchmarks: `clusters` K3s clusters of `nodesPerCluster` nodes (one control
/// plane node, the rest workers), all taking a boot-stage change, which reboots every node.
public enum GeneratedScenario {
    public static func rollingReboot(clusters: Int, nodesPerCluster: Int) throws -> Scenario {
        func version(_ number: String, command: String) throws -> ProfileVersion {
            let os = "stages:\n  boot:\n    - commands:\n        - \(command)\n"
            return ProfileVersion(
                reference: ProfileReference(name: "bench", version: number), distribution: .k3s,
                packs: [
                    ProfilePack(layer: .os, name: "edge-native-byoi", version: "2.1.0", values: try PackValues(yaml: os)),
                    ProfilePack(layer: .kubernetes, name: "edge-k3s", version: "1.31.2"),
                ])
        }
        let old = try version("1", command: "sysctl -w vm.swappiness=10")
        let new = try version("2", command: "sysctl -w vm.swappiness=1")
        let budget = RolloutBudget(maxSurge: .count(0), maxUnavailable: .percent(25))
        let fleet = ClusterClass(
            name: "bench", count: clusters, infrastructure: "edge-native", profile: old.reference,
            controlPlaneNodes: 1, workerNodes: max(nodesPerCluster - 1, 0), spareHosts: 0, elemental: false,
            workerBudget: budget, controlPlaneBudget: RolloutBudget(maxSurge: .count(0), maxUnavailable: .count(1)), wave: nil)
        let start: Int64 = 1_795_000_000_000
        return Scenario(
            name: "bench-rolling-reboot", description: "generated", startMs: start, profiles: [old, new], fleet: [fleet],
            policy: RolloutPolicy(
                waves: [RolloutPolicy.Wave(name: "all", percent: 100)], maxConcurrentClusters: max(clusters / 10, 1),
                failureBudget: nil, failureBudgetPercent: nil, approval: .automatic, approver: "bench",
                stepTimeoutMs: 1_800_000, maxRetries: 2, windows: []),
            durations: StepDurations(byKind: [
                .cordon: .fixed(1_000), .drain: .logNormal(median: 60_000, p95: 240_000),
                .reboot: .logNormal(median: 90_000, p95: 180_000), .nodeReady: .uniform(20_000, 60_000), .uncordon: .fixed(1_000),
            ]),
            faults: Faults(nodeActionFailureProbability: 0.001, silentStepProbability: 0, outages: []),
            timeline: [TimelineAction(
                atMs: start + 60_000, kind: .assign(new.reference),
                clusters: ClusterSelector(classes: ["bench"], first: nil, ids: []), actor: "bench", comment: "")])
    }
}
