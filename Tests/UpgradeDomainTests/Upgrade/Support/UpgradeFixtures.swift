import UpgradeDomain

/// Seconds on the virtual clock.
func t(_ seconds: Int64) -> Timestamp { Timestamp(millisecondsSinceEpoch: seconds * 1_000) }

/// One minute per step, one retry.
let testPolicy = UpgradePolicy(stepTimeoutMilliseconds: 60_000, maxRetries: 1)

let currentProfile = ProfileReference(name: "edge-base", version: "1.0.0")
let nextProfile = ProfileReference(name: "edge-base", version: "1.1.0")
let laterProfile = ProfileReference(name: "edge-base", version: "1.2.0")

/// An edge cluster with `controlPlane` CP nodes (`cp-1`…) and one worker pool of `workers` nodes (`w-1`…).
func edgeCluster(
    controlPlane: Int = 1,
    workers: Int = 2,
    workerBudget: RolloutBudget = RolloutBudget(maxSurge: .count(0), maxUnavailable: .count(1)),
    workerSpares: Int = 0,
    controlPlaneSpares: Int = 0,
    elemental: Bool = false,
    status: ClusterStatus = .running,
    health: KubernetesHealth = .healthy,
    kubernetesVersion: String? = "v1.30.1+k3s1",
    cniPack: String? = "cni-calico"
) -> Cluster {
    let cpNodes = (0..<controlPlane).map { FleetNode(id: NodeID("cp-\($0 + 1)"), role: .controlPlane, isElementalHost: elemental) }
    let workerNodes = (0..<workers).map { FleetNode(id: NodeID("w-\($0 + 1)"), role: .worker, isElementalHost: elemental) }
    var pools = [NodePool(
        id: "control-plane", role: .controlPlane, nodes: cpNodes, spareHosts: controlPlaneSpares,
        rollout: RolloutBudget(maxSurge: .count(1), maxUnavailable: .count(0)))]
    if workers > 0 {
        pools.append(NodePool(id: "workers", role: .worker, nodes: workerNodes, spareHosts: workerSpares, rollout: workerBudget))
    }
    return Cluster(
        id: "edge-1", kind: .edge, targetInfrastructure: "edge-native", pools: pools, profile: currentProfile,
        status: status, kubernetesHealth: health, kubernetesVersion: kubernetesVersion, cniPack: cniPack)
}

/// A profile change to `nextProfile` with the given behaviour.
func change(
    _ behavior: Behavior,
    to target: ProfileReference = nextProfile,
    services: [String] = [],
    kubernetes: (String, String)? = nil,
    cni: (String?, String?)? = nil,
    dropped: [String] = [],
    osVersion: Bool = false,
    force: MinorSkipOverride? = nil
) -> ProfileChange {
    ProfileChange(
        target: target, behavior: behavior, servicesToRestart: services,
        kubernetesVersion: kubernetes.map { ValueTransition(from: $0.0, to: $0.1) },
        cniPack: cni.map { ValueTransition(from: $0.0, to: $0.1) },
        droppedPacks: dropped, changesOSVersion: osVersion, forceSkipMinor: force, requestedBy: "alice")
}

func succeeded(_ node: NodeID, _ step: NodeStep, key: String? = nil, at: Timestamp) -> UpgradeCommand {
    .reportNodeStep(NodeStepReport(
        node: node, step: step, outcome: .succeeded, idempotencyKey: key ?? "\(node)-\(step)-\(at)", at: at))
}

func failed(_ node: NodeID, _ step: NodeStep, _ message: String, key: String? = nil, at: Timestamp) -> UpgradeCommand {
    .reportNodeStep(NodeStepReport(
        node: node, step: step, outcome: .failed(message), idempotencyKey: key ?? "\(node)-\(step)-fail-\(at)", at: at))
}
