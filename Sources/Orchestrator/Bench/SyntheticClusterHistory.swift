import Engine
import EventStore
import Foundation
import UpgradeDomain

/// A real edge cluster history for benchmarks: registered, then a reboot upgrade driven to success
/// node by node, decided by the pure decider and encoded as the engine records it (typed, timed,
/// correlated) — without a durable append per command.
struct SyntheticClusterHistory {
    let cluster: String
    private(set) var state = ClusterUpgradeDecider.initial
    private(set) var events: [EventData] = []
    private var generator: SplitMix64

    /// The history of `cluster` with `workers` worker nodes, starting at `startMs`.
    init(cluster: String, workers: Int, startMs: Int64, seed: UInt64) throws {
        self.cluster = cluster
        generator = SplitMix64(seed: seed)
        var clock = startMs
        func at(_ ms: Int64) -> Timestamp { Timestamp(millisecondsSinceEpoch: ms) }
        try record(.registerCluster(Self.shape(cluster, workers: workers), policy: .standard, at: at(clock)), actor: "inventory")
        clock += 60_000
        let change = ProfileChange(target: ProfileReference(name: "retail", version: "1.1.0"), behavior: .reboot, requestedBy: "bench")
        try record(.changeProfile(change, at: at(clock)), actor: "bench")
        while let action = state.requestedNodeActions.first {
            clock += 15_000
            let report = NodeStepReport(node: action.node, step: action.step, outcome: .succeeded,
                                        idempotencyKey: "\(action.node)/\(action.step)/\(action.attempt)", at: at(clock), attempt: action.attempt)
            try record(.reportNodeStep(report), actor: "agent/\(cluster)")
        }
    }

    /// The append that writes the whole history as a new stream.
    var request: AppendRequest { AppendRequest(stream: EdgeClusters.stream(cluster), expected: .noStream, events: events) }

    private mutating func record(_ command: UpgradeCommand, actor: String) throws {
        let decided = ClusterUpgradeDecider.decideRecordingRefusals(command, state)
        events += try EdgeClusters.envelopes(for: decided, activeUpgrade: state.active?.number, cluster: cluster, actor: actor, at: command.at) {
            UUID(uuid: generator.uuidBytes())
        }
        state = decided.reduce(state, ClusterUpgradeDecider.evolve)
    }

    private static func shape(_ id: String, workers: Int) -> Cluster {
        let budget = RolloutBudget(maxSurge: .count(0), maxUnavailable: .count(1))
        return Cluster(
            id: ClusterID(id), kind: .edge, targetInfrastructure: "edge-native",
            pools: [
                NodePool(id: "control-plane", role: .controlPlane, nodes: [FleetNode(id: "cp-1", role: .controlPlane)],
                         spareHosts: 0, rollout: budget),
                NodePool(id: "workers", role: .worker, nodes: (1...workers).map { FleetNode(id: NodeID("w-\($0)"), role: .worker) },
                         spareHosts: 0, rollout: budget),
            ],
            profile: ProfileReference(name: "retail", version: "1.0.0"), kubernetesVersion: "v1.30.4+rke2r1", cniPack: "cni-calico")
    }
}
