import Engine
import EventStore
import Foundation
import UpgradeDomain

/// A store holding real upgrade histories, recorded through `EdgeClusters` in the test process
/// before the binary reads it:
///
/// - `store-0001`: a reboot to retail 1.1.0 (three nodes), requested by alice at 100 s; every
///   report comes 10 s after the step was requested; cp-1's first drain fails ("eviction blocked")
///   and its retry succeeds; 16 reports, so the upgrade takes 160 s.
/// - `store-0002`: a repave to retail 2.0.0 requested at 1000 s, approved by carol at 1300 s
///   ("maintenance window"), paused by bob after the first step for 60 s, then run to success.
/// - `store-0003`: a repave requested at 2000 s, denied by dave at 2120 s ("not during peak").
/// - `store-0004`: a reboot requested at 3000 s whose w-1 reboot fails three times ("disk full"):
///   the upgrade fails with w-1 left cordoned.
struct RecordedFleet {
    static let epochMs: Int64 = 1_795_000_000_000
    static func at(_ seconds: Int64) -> Timestamp { Timestamp(millisecondsSinceEpoch: epochMs + seconds * 1000) }

    let path: String
    /// The position after cp-1's cordon on store-0001 succeeded: its drain (try 1) was just requested.
    var cordonedPosition: UInt64 = 0
    /// The recorded time of that report.
    var cordonedAt = Timestamp(millisecondsSinceEpoch: 0)
    /// The position of store-0001's last event.
    var endPosition: UInt64 = 0

    static func record(in path: String) async throws -> RecordedFleet {
        let store = try EventStore.open(at: path)
        defer { store.close() }
        let clusters = EdgeClusters(store: store)
        var fleet = RecordedFleet(path: path)
        for id in ["store-0001", "store-0002", "store-0003", "store-0004"] {
            _ = try await clusters.execute(.registerCluster(cluster(id), policy: .standard, at: at(0)), on: id, actor: "inventory")
        }

        _ = try await clusters.execute(.changeProfile(change("1.1.0", .reboot), at: at(100)), on: "store-0001", actor: "alice")
        let clock = Clock(100)
        try await drive(clusters, "store-0001", clock: clock, failing: { $0.node == "cp-1" && $0.step == .drain && $0.attempt == 1 ? "eviction blocked" : nil }) { action, outcome in
            if action.node == "cp-1" && action.step == .cordon {
                fleet.cordonedPosition = outcome.positions?.upperBound ?? 0
                fleet.cordonedAt = at(clock.seconds)
            }
        }
        fleet.endPosition = try store.readStream("cluster/store-0001").last?.position ?? 0

        _ = try await clusters.execute(.changeProfile(change("2.0.0", .repave), at: at(1000)), on: "store-0002", actor: "alice")
        _ = try await clusters.execute(.approveRepave(actor: "carol", comment: "maintenance window", at: at(1300)), on: "store-0002", actor: "carol")
        clock.seconds = 1300
        var paused = false
        try await drive(clusters, "store-0002", clock: clock) { _, _ in
            guard !paused else { return }
            paused = true
            _ = try await clusters.execute(.pause(actor: "bob", comment: "look first", at: at(clock.seconds)), on: "store-0002", actor: "bob")
            clock.seconds += 60
            _ = try await clusters.execute(.resume(actor: "bob", comment: "", at: at(clock.seconds)), on: "store-0002", actor: "bob")
        }

        _ = try await clusters.execute(.changeProfile(change("2.0.0", .repave), at: at(2000)), on: "store-0003", actor: "alice")
        _ = try await clusters.execute(.denyRepave(actor: "dave", comment: "not during peak", at: at(2120)), on: "store-0003", actor: "dave")

        _ = try await clusters.execute(.changeProfile(change("1.1.0", .reboot), at: at(3000)), on: "store-0004", actor: "alice")
        clock.seconds = 3000
        try await drive(clusters, "store-0004", clock: clock, failing: { $0.node == "w-1" && $0.step == .reboot ? "disk full" : nil }) { _, _ in }
        return fleet
    }

    /// Answers each requested step 10 s after it was requested, until the upgrade ends; a step
    /// `failing` names an error for fails with it. `after` runs after each report.
    private static func drive(
        _ clusters: EdgeClusters, _ id: String, clock: Clock, failing: (NodeActionRequest) -> String? = { _ in nil },
        after: (NodeActionRequest, EdgeClusters.Outcome) async throws -> Void
    ) async throws {
        while let action = try await clusters.state(of: id).state.requestedNodeActions.first {
            clock.seconds += 10
            let report = NodeStepReport(
                node: action.node, step: action.step, outcome: failing(action).map { .failed($0) } ?? .succeeded,
                idempotencyKey: "\(id)/\(action.node)/\(action.step)/\(action.attempt)", at: at(clock.seconds), attempt: action.attempt)
            let outcome = try await clusters.execute(.reportNodeStep(report), on: id, actor: "agent/\(id)")
            try await after(action, outcome)
        }
    }

    /// The scenario's clock, in seconds after `epochMs`; moved by the script, never by the wall clock.
    final class Clock {
        var seconds: Int64
        init(_ seconds: Int64) { self.seconds = seconds }
    }

    static func cluster(_ id: String) -> Cluster {
        Cluster(
            id: ClusterID(id), kind: .edge, targetInfrastructure: "edge-native",
            pools: [
                NodePool(id: "control-plane", role: .controlPlane, nodes: [FleetNode(id: "cp-1", role: .controlPlane)],
                         spareHosts: 0, rollout: RolloutBudget(maxSurge: .count(0), maxUnavailable: .count(1))),
                NodePool(id: "workers", role: .worker, nodes: [FleetNode(id: "w-1", role: .worker), FleetNode(id: "w-2", role: .worker)],
                         spareHosts: 0, rollout: RolloutBudget(maxSurge: .count(0), maxUnavailable: .count(1))),
            ],
            profile: ProfileReference(name: "retail", version: "1.0.0"), kubernetesVersion: "v1.30.4+rke2r1", cniPack: "cni-calico")
    }

    static func change(_ version: String, _ behavior: Behavior) -> ProfileChange {
        ProfileChange(target: ProfileReference(name: "retail", version: version), behavior: behavior, requestedBy: "alice")
    }

    /// The id of `cluster`'s upgrade number `number`, as the binary prints it.
    static func upgradeID(_ cluster: String, _ number: Int = 1) -> String {
        StableID.upgrade(cluster: cluster, number: number).uuidString.lowercased()
    }
}
