import Engine
import EventStore
import Foundation
import UpgradeDomain

/// Collects the simulation's events per cluster stream and appends them to the store in large
/// batches (one durable transaction each), with the exact revision every stream must be at.
final class EventSink {
    private let store: EventStore?
    private let batchSize: Int
    private var pending: [AppendRequest] = []
    private var pendingEvents = 0
    private var revisions: [String: UInt64] = [:]
    private var ids: SplitMixGenerator
    private(set) var recorded = 0

    init(store: EventStore?, seed: UInt64, batchSize: Int = 20_000) {
        self.store = store
        self.batchSize = batchSize
        self.ids = SplitMixGenerator(seed: seed ^ 0x5EED_1D5)
    }

    /// Queues the events of one decision for `cluster`.
    func record(_ events: [UpgradeEvent], activeUpgrade: Int?, cluster: String, actor: String, at: Timestamp) throws {
        guard !events.isEmpty else { return }
        recorded += events.count
        guard store != nil else { return }
        try queue(try EdgeClusters.envelopes(for: events, activeUpgrade: activeUpgrade, cluster: cluster, actor: actor, at: at, newID: nextID), cluster: cluster)
    }

    /// Queues the events of one template decision for `cluster`, on the same stream as edge events.
    func record(_ events: [TemplateUpgradeEvent], cluster: String, actor: String, at ms: Int64, inProgress: String?) throws {
        guard !events.isEmpty else { return }
        recorded += events.count
        guard store != nil else { return }
        try queue(try TemplateUpgradeEvent.envelopes(for: events, actor: actor, at: ms, inProgress: inProgress, newID: nextID), cluster: cluster)
    }

    /// Queues the rollout's own record of which clusters were assigned which change.
    func record(_ assignment: ClustersAssigned, actor: String, at ms: Int64) throws {
        recorded += 1
        guard store != nil else { return }
        let data = try DomainEventCodec.encode(assignment, type: ClustersAssigned.typeName, id: nextID(), at: ms, actor: actor)
        try queue([data], stream: ClustersAssigned.stream)
    }

    private func queue(_ data: [EventData], cluster: String) throws {
        try queue(data, stream: EdgeClusters.stream(cluster))
    }

    private func queue(_ data: [EventData], stream: String) throws {
        let expected: ExpectedRevision = revisions[stream].map { .exact($0) } ?? .noStream
        revisions[stream] = (revisions[stream].map { $0 + 1 } ?? 0) + UInt64(data.count) - 1
        pending.append(AppendRequest(stream: stream, expected: expected, events: data))
        pendingEvents += data.count
        if pendingEvents >= batchSize { try flush() }
    }

    /// Appends everything queued; any refusal means the simulation and the store disagree.
    func flush() throws {
        guard let store, !pending.isEmpty else { return }
        for result in try store.appendNow(pending) { _ = try result.get() }
        pending.removeAll(keepingCapacity: true)
        pendingEvents = 0
    }

    private func nextID() -> UUID {
        let a = ids.next(), b = ids.next()
        var bytes = [UInt8]()
        withUnsafeBytes(of: a.bigEndian) { bytes += $0 }
        withUnsafeBytes(of: b.bigEndian) { bytes += $0 }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
