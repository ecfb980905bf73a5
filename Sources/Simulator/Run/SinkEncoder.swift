import Engine
import EventStore
import Foundation
import UpgradeDomain

/// Fixes where the simulation's decided events go in the log: each stream's expected revision
/// and each event's id, in the order events are decided, so they are the same on every run
/// whichever thread then encodes them (`PendingAppend`).
struct SinkEncoder {
    /// Every stream written: its name, built once (so the load compares one string with itself,
    /// not a new copy per request), and its revision.
    private var streams: [(name: String, revision: UInt64?)] = []
    private var streamByName: [String: Int] = [:]
    /// Each cluster's stream, by the cluster's index; the name is looked up once per cluster.
    private var streamOfCluster: [Int?] = []
    private var ids: TimeOrderedIDs

    init(seed: UInt64) {
        self.ids = TimeOrderedIDs(seed: seed)
    }

    /// One edge decision's events for `cluster`'s stream.
    mutating func pending(
        _ events: [UpgradeEvent], activeUpgrade: Int?, cluster: EventSink.ClusterRef, actor: String, at: Timestamp
    ) -> PendingAppend {
        pending(.edge(events, activeUpgrade: activeUpgrade, cluster: cluster.id, actor: actor, at: at), count: events.count,
                at: at.millisecondsSinceEpoch, stream: stream(of: cluster, named: EdgeClusters.stream))
    }

    /// One template decision's events for `cluster`'s stream (the same stream as edge events).
    mutating func pending(
        _ events: [TemplateUpgradeEvent], cluster: EventSink.ClusterRef, actor: String, at ms: Int64, inProgress: String?
    ) -> PendingAppend {
        pending(.template(events, cluster: cluster.id, actor: actor, at: ms, inProgress: inProgress), count: events.count,
                at: ms, stream: stream(of: cluster, named: TemplateDeployments.stream))
    }

    /// The rollout's record of an assignment, on its own stream.
    mutating func pending(_ assignment: ClustersAssigned, actor: String, at ms: Int64) -> PendingAppend {
        pending(.assignment(assignment, actor: actor, at: ms), count: 1, at: ms, stream: stream(named: ClustersAssigned.stream))
    }

    /// A profile version published, on its profile's stream.
    mutating func pending(_ document: ProfileDocument, actor: String, at ms: Int64) -> PendingAppend {
        pending(.profile(document, actor: actor, at: ms), count: 1, at: ms, stream: stream(named: ProfileDocument.stream(document.name)))
    }

    /// `count` events (one envelope each) for stream number `index`, which moves on to the last
    /// event's revision; their ids are drawn at `ms`.
    private mutating func pending(_ events: PendingAppend.Events, count: Int, at ms: Int64, stream index: Int) -> PendingAppend {
        let expected: ExpectedRevision = streams[index].revision.map { .exact($0) } ?? .noStream
        streams[index].revision = (streams[index].revision.map { $0 + 1 } ?? 0) + UInt64(count) - 1
        ids.now = ms
        return PendingAppend(events: events, stream: streams[index].name, expected: expected, ids: ids.take(count))
    }

    /// The number of `cluster`'s stream, named by `name` the first time the cluster writes.
    private mutating func stream(of cluster: EventSink.ClusterRef, named name: (String) -> String) -> Int {
        if cluster.index < streamOfCluster.count, let known = streamOfCluster[cluster.index] { return known }
        if cluster.index >= streamOfCluster.count {
            streamOfCluster.append(contentsOf: repeatElement(nil, count: cluster.index + 1 - streamOfCluster.count))
        }
        let index = stream(named: name(cluster.id))
        streamOfCluster[cluster.index] = index
        return index
    }

    /// The number of the stream called `name`.
    private mutating func stream(named name: String) -> Int {
        if let index = streamByName[name] { return index }
        streams.append((name, nil))
        streamByName[name] = streams.count - 1
        return streams.count - 1
    }
}
