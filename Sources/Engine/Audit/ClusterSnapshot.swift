import EventStore
import Foundation
import UpgradeDomain

/// A cluster as it stood at one point of its history: its stream folded up to that point.
public struct ClusterSnapshot: Sendable {
    /// Where to stop folding.
    public enum Point: Sendable, Hashable {
        /// Everything recorded so far.
        case now
        /// Events at or before this log position.
        case position(UInt64)
        /// Events recorded at or before this instant (milliseconds since the epoch).
        case time(Int64)
    }

    /// The cluster id (the stream is `cluster/<id>`).
    public var cluster: String
    /// The state folded up to `point`.
    public var state: ClusterUpgradeState
    /// The last event folded in; nil when the point is before the cluster's first event.
    public var lastEvent: RecordedEvent?
    /// Whether the store has a stream for the cluster at all.
    public var exists: Bool
    /// The id of the upgrade number `number` of this cluster.
    public func upgradeID(_ number: Int) -> UUID { StableID.upgrade(cluster: cluster, number: number) }

    /// Reads the cluster's stream (stream index) and folds it up to `point`; only the events kept are decoded.
    public static func read(_ cluster: String, from store: EventStore, at point: Point = .now) throws -> ClusterSnapshot {
        try fold(cluster, try store.readStream(EdgeClusters.stream(cluster)), at: point)
    }

    /// Folds the edge events of `recorded` (the whole stream) up to `point`.
    public static func fold(_ cluster: String, _ recorded: [RecordedEvent], at point: Point = .now) throws -> ClusterSnapshot {
        let kept = point.prefix(of: recorded)
        let folded = try ClusterHistory.fold(Array(kept))
        return ClusterSnapshot(cluster: cluster, state: folded.state, lastEvent: kept.last, exists: !recorded.isEmpty)
    }
}

extension ClusterSnapshot.Point {
    /// The events of a stream (in stream order) at or before this point.
    public func prefix(of recorded: [RecordedEvent]) -> ArraySlice<RecordedEvent> {
        switch self {
        case .now: recorded[...]
        case .position(let position): recorded.prefix { $0.position <= position }
        case .time(let ms): recorded.prefix { $0.recordedAtMs <= ms }
        }
    }
}
