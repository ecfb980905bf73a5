import EventStore
import Foundation
import UpgradeDomain

/// A template-based deployment as it stood at one point of its history: the template events of its
/// `cluster/<id>` stream folded up to that point, the twin of `ClusterSnapshot`.
public struct TemplateSnapshot: Sendable {
    /// The deployment's cluster id.
    public var cluster: String
    /// The state folded up to the point.
    public var state: TemplateUpgradeState
    /// The last event of the stream at or before the point; nil when the point is before its first event.
    public var lastEvent: RecordedEvent?
    /// Whether the store has a stream for the id at all.
    public var exists: Bool

    /// The id (correlation id of every event) of the template upgrade `upgradeId` of this deployment.
    public func upgradeID(_ upgradeId: String) -> UUID { StableID.templateUpgrade(cluster: cluster, upgradeId: upgradeId) }

    /// Reads the deployment's stream and folds it up to `point`.
    public static func read(_ cluster: String, from store: EventStore, at point: ClusterSnapshot.Point = .now) throws -> TemplateSnapshot {
        try fold(cluster, try store.readStream(TemplateDeployments.stream(cluster)), at: point)
    }

    /// Folds the template events of `recorded` (the whole stream) up to `point`; only those are decoded.
    public static func fold(_ cluster: String, _ recorded: [RecordedEvent], at point: ClusterSnapshot.Point = .now) throws -> TemplateSnapshot {
        let kept = point.prefix(of: recorded)
        var state = TemplateUpgradeState.initial
        for event in kept where TemplateUpgradeEvent.typeNames.contains(event.type) {
            TemplateUpgradeDecider.evolve(&state, by: try DomainEventCodec.decode(TemplateUpgradeEvent.self, from: event))
        }
        return TemplateSnapshot(cluster: cluster, state: state, lastEvent: kept.last, exists: !recorded.isEmpty)
    }
}
