import EventStore
import Foundation
import UpgradeDomain

/// Collects the simulation's events and records them in the store in large batches (one durable
/// transaction each), with the exact revision every stream must be at.
///
/// Encoding and appending run on a second thread while the simulation goes on (at most two
/// batches in flight), so a replay uses both cores. Batches are written strictly in order, and
/// event ids are drawn in that order, so the log is the same on every run.
final class EventSink {
    /// What the simulation hands over: decided domain events, encoded later by the writer.
    enum Item: Sendable {
        case edge([UpgradeEvent], activeUpgrade: Int?, cluster: ClusterRef, actor: String, at: Timestamp)
        case template([TemplateUpgradeEvent], cluster: ClusterRef, actor: String, at: Int64, inProgress: String?)
        case assignment(ClustersAssigned, actor: String, at: Int64)
    }

    private let writer: SinkWriter?
    private let batchSize: Int
    private var batch: [Item] = []
    private var batchedEvents = 0
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
        batch.append(item)
        batchedEvents += count
        if batchedEvents >= batchSize {
            try writer.submit(&batch)
            batch.reserveCapacity(batchSize)
            batchedEvents = 0
        }
    }

    /// Hands over what is batched and has the writer finish the store (write its indexes) on its
    /// own thread; `awaitFinished` waits for it.
    func finish() throws {
        guard let writer else { return }
        if !batch.isEmpty { try writer.submit(&batch) }
        batchedEvents = 0
        writer.finish()
    }

    /// Waits until every batch is durable and the store finished; rethrows a writer failure.
    func awaitFinished() throws {
        try writer?.awaitFinished()
    }
}
