import Engine
import EventStore
import Foundation
import Synchronization
import UpgradeDomain

/// Collects the simulation's events and records them in the store in large batches (one durable
/// transaction each), with the exact revision every stream must be at.
///
/// Encoding and appending run on a second thread while the simulation goes on (at most two batches
/// in flight), so a replay uses both cores. Batches are written strictly in order, and event ids are
/// drawn in that order, so the log is the same on every run.
final class EventSink {
    /// What the simulation hands over: decided domain events, encoded later by the writer.
    enum Item: Sendable {
        case edge([UpgradeEvent], activeUpgrade: Int?, cluster: ClusterRef, actor: String, at: Timestamp)
        case template([TemplateUpgradeEvent], cluster: ClusterRef, actor: String, at: Int64, inProgress: String?)
        case assignment(ClustersAssigned, actor: String, at: Int64)
    }

    private let writer: SinkWriter?
    private let batchSize: Int
    private var buffer: [Item] = []
    private var bufferedEvents = 0
    private(set) var recorded = 0

    init(store: EventStore?, seed: UInt64, batchSize: Int = 20_000) {
        self.writer = store.map { SinkWriter(store: $0, seed: seed ^ 0x5EED_1D5) }
        self.batchSize = batchSize
    }

    /// A cluster of the simulation: its index in the fleet (which numbers its stream for the
    /// writer) and its id.
    struct ClusterRef: Sendable {
        var index: Int
        var id: String
    }

    /// Queues the events of one decision for `cluster`.
    func record(_ events: [UpgradeEvent], activeUpgrade: Int?, cluster: ClusterRef, actor: String, at: Timestamp) throws {
        guard !events.isEmpty else { return }
        try queue(.edge(events, activeUpgrade: activeUpgrade, cluster: cluster, actor: actor, at: at), count: events.count)
    }

    /// Queues the events of one template decision for `cluster`, on the same stream as edge events.
    func record(_ events: [TemplateUpgradeEvent], cluster: ClusterRef, actor: String, at ms: Int64, inProgress: String?) throws {
        guard !events.isEmpty else { return }
        try queue(.template(events, cluster: cluster, actor: actor, at: ms, inProgress: inProgress), count: events.count)
    }

    /// Queues the rollout's own record of which clusters were assigned which change.
    func record(_ assignment: ClustersAssigned, actor: String, at ms: Int64) throws {
        try queue(.assignment(assignment, actor: actor, at: ms), count: 1)
    }

    private func queue(_ item: Item, count: Int) throws {
        recorded += count
        guard let writer else { return }
        buffer.append(item)
        bufferedEvents += count
        if bufferedEvents >= batchSize {
            try writer.submit(buffer)
            buffer.removeAll(keepingCapacity: true)
            bufferedEvents = 0
        }
    }

    /// Hands over what is buffered and waits until every batch is durable; rethrows a writer failure.
    func flush() throws {
        guard let writer else { return }
        if !buffer.isEmpty { try writer.submit(buffer) }
        buffer.removeAll()
        bufferedEvents = 0
        try writer.drain()
    }
}

/// The sink's writer thread: encodes batches of items into store envelopes and appends them.
///
/// The store is new and filled by this replay alone, so it is written as one bulk load
/// (`BulkLoad`): the log and event ids as the batches come, the other indexes once at the end.
///
/// `@unchecked Sendable`: the streams, `ids` and `load` are touched only on `queue` (one serial
/// queue); the failure is behind a mutex; `slots` bounds the batches in flight.
final class SinkWriter: @unchecked Sendable {
    private let store: EventStore
    private let queue = DispatchQueue(label: "replay-event-sink")
    private let slots = DispatchSemaphore(value: 2)
    private let failure = Mutex<(any Error)?>(nil)
    /// Every stream written: its name, built once (so the load compares one string with itself,
    /// not a new copy per request), and its revision.
    private var streams: [(name: String, revision: UInt64?)] = []
    private var streamByName: [String: Int] = [:]
    /// Each cluster's stream, by the cluster's index; the name is looked up once per cluster.
    private var streamOfCluster: [Int?] = []
    private var ids: TimeOrderedIDs
    /// Begun with the first batch, finished by `drain`.
    private var load: BulkLoad?

    init(store: EventStore, seed: UInt64) {
        self.store = store
        self.ids = TimeOrderedIDs(seed: seed)
    }

    /// Queues a batch; blocks while two batches are already in flight.
    func submit(_ items: [EventSink.Item]) throws {
        try rethrowFailure()
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard failure.withLock({ $0 == nil }) else { return }
            do { try write(items) } catch { failure.withLock { $0 = error } }
        }
    }

    /// Waits for every submitted batch and writes the store's indexes; throws the first failure.
    func drain() throws {
        queue.sync {}
        try rethrowFailure()
        try queue.sync {
            try load?.finish()
            load = nil
        }
    }

    private func rethrowFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func write(_ items: [EventSink.Item]) throws {
        var requests: [AppendRequest] = []
        requests.reserveCapacity(items.count)
        for item in items {
            switch item {
            case let .edge(events, active, cluster, actor, at):
                ids.now = at.millisecondsSinceEpoch
                let data = try EdgeClusters.envelopes(for: events, activeUpgrade: active, cluster: cluster.id, actor: actor, at: at, newID: nextID)
                requests.append(request(data, stream: stream(of: cluster, named: EdgeClusters.stream)))
            case let .template(events, cluster, actor, at, inProgress):
                ids.now = at
                let data = try TemplateUpgradeEvent.envelopes(for: events, cluster: cluster.id, actor: actor, at: at, inProgress: inProgress, newID: nextID)
                requests.append(request(data, stream: stream(of: cluster, named: TemplateDeployments.stream)))
            case let .assignment(assignment, actor, at):
                ids.now = at
                let data = try DomainEventCodec.encode(assignment, type: ClustersAssigned.typeName, id: nextID(), at: at, actor: actor)
                requests.append(request([data], stream: self.stream(named: ClustersAssigned.stream)))
            }
        }
        // Any refusal means the simulation and the store disagree: the load throws, and stops there.
        if load == nil { load = try store.beginBulkLoad() }
        try load?.append(requests)
    }

    /// The request appending `data` to stream number `index`, which it moves on to the last event's revision.
    private func request(_ data: [EventData], stream index: Int) -> AppendRequest {
        let expected: ExpectedRevision = streams[index].revision.map { .exact($0) } ?? .noStream
        streams[index].revision = (streams[index].revision.map { $0 + 1 } ?? 0) + UInt64(data.count) - 1
        return AppendRequest(stream: streams[index].name, expected: expected, events: data)
    }

    /// The number of `cluster`'s stream, named by `name` the first time the cluster writes.
    private func stream(of cluster: EventSink.ClusterRef, named name: (String) -> String) -> Int {
        if cluster.index < streamOfCluster.count, let known = streamOfCluster[cluster.index] { return known }
        if cluster.index >= streamOfCluster.count {
            streamOfCluster.append(contentsOf: repeatElement(nil, count: cluster.index + 1 - streamOfCluster.count))
        }
        let index = stream(named: name(cluster.id))
        streamOfCluster[cluster.index] = index
        return index
    }

    /// The number of the stream called `name`.
    private func stream(named name: String) -> Int {
        if let index = streamByName[name] { return index }
        streams.append((name, nil))
        streamByName[name] = streams.count - 1
        return streams.count - 1
    }

    private func nextID() -> UUID {
        ids.next()
    }
}
