import Engine
import EventStore
import Foundation
import UpgradeDomain

/// Turns the simulation's decided events into store append requests: payloads and envelopes
/// encoded, event ids drawn, and each stream's expected revision kept.
///
/// Used by the writer thread, batch after batch in the order events were decided, so ids and
/// revisions are the same on every run.
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

    /// The request appending one edge decision's events to `cluster`'s stream.
    mutating func request(
        for events: [UpgradeEvent], activeUpgrade: Int?, cluster: EventSink.ClusterRef, actor: String, at: Timestamp
    ) throws -> AppendRequest {
        ids.now = at.millisecondsSinceEpoch
        let data = try EdgeClusters.envelopes(
            for: events, activeUpgrade: activeUpgrade, cluster: cluster.id, actor: actor, at: at, newID: { ids.next() })
        return request(data, stream: stream(of: cluster, named: EdgeClusters.stream))
    }

    /// The request appending one template decision's events to `cluster`'s stream (the same
    /// stream as edge events).
    mutating func request(
        for events: [TemplateUpgradeEvent], cluster: EventSink.ClusterRef, actor: String, at ms: Int64, inProgress: String?
    ) throws -> AppendRequest {
        ids.now = ms
        let data = try TemplateUpgradeEvent.envelopes(
            for: events, cluster: cluster.id, actor: actor, at: ms, inProgress: inProgress, newID: { ids.next() })
        return request(data, stream: stream(of: cluster, named: TemplateDeployments.stream))
    }

    /// The request appending the rollout's record of an assignment to its own stream.
    mutating func request(for assignment: ClustersAssigned, actor: String, at ms: Int64) throws -> AppendRequest {
        ids.now = ms
        let data = try DomainEventCodec.encode(assignment, type: ClustersAssigned.typeName, id: ids.next(), at: ms, actor: actor)
        return request([data], stream: stream(named: ClustersAssigned.stream))
    }

    /// The request appending `data` to stream number `index`, which it moves on to the last event's revision.
    private mutating func request(_ data: [EventData], stream index: Int) -> AppendRequest {
        let expected: ExpectedRevision = streams[index].revision.map { .exact($0) } ?? .noStream
        streams[index].revision = (streams[index].revision.map { $0 + 1 } ?? 0) + UInt64(data.count) - 1
        return AppendRequest(stream: streams[index].name, expected: expected, events: data)
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
