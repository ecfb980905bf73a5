import Foundation
import UpgradeDomain

/// The edge upgrade an event's own data names (`UpgradeEvent.upgradeNumber`: its acceptance, each
/// node step, its end) on a cluster's stream, and so the correlation id the event carries: every
/// writer (service, replay, bench) records such an event with `StableID.upgrade(cluster:number:)`,
/// as it has since the engine's first envelope. Import checks the two agree (ADR 0026).
///
/// Events that act on the upgrade under way without naming it (approvals, pauses, deferrals) are
/// not named here: their upgrade is the cluster's state, not their data, and stores recorded before
/// 2026-11-23 11:58 carry no correlation on them at all.
public struct NamedUpgrade: Sendable, Equatable {
    public let cluster: String
    public let number: Int

    /// The id every event of the upgrade carries as its correlation id.
    public var id: UUID { StableID.upgrade(cluster: cluster, number: number) }

    /// The upgrade `event` names, recorded on `stream`; nil when it names none or the stream is no
    /// cluster's (`cluster/ID`).
    public static func named(by event: UpgradeEvent, on stream: String) -> NamedUpgrade? {
        let cluster = ClusterHistory.cluster(ofStream: stream)
        guard let number = event.upgradeNumber, cluster != stream, !cluster.isEmpty else { return nil }
        return NamedUpgrade(cluster: cluster, number: number)
    }
}
