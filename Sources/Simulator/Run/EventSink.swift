import Engine
import EventStore
import Foundation
import UpgradeDomain

/// Collects the simulation's events and records them in the store in large batches (one durable
/// transaction each), with the exact revision every stream must be at.
///
/// Appending runs on a second thread while the simulation goes on (at most two batches in
/// flight), so a replay uses both cores. Each decision's stream revision and event ids are fixed
/// as it is recorded (`SinkEncoder`); encoding it is left to the writer, unless the writer is
/// behind (the last batch found both slots taken): then the simulation encodes the next batch as
/// it goes, instead of waiting. Whoever encodes, the bytes are the same, and batches are written
/// strictly in order, so the log is the same on every run.
final class EventSink {
    private let writer: SinkWriter?
    private var encoder: SinkEncoder
    private let batchSize: Int
    private var batch: [PendingAppend] = []
    private var batchedEvents = 0
    /// Whether this batch is encoded here as it fills, because the writer was behind.
    private var encodingHere = false
    private(set) var recorded = 0

    init(store: EventStore?, seed: UInt64, batchSize: Int = 20_000) {
        self.writer = store.map { SinkWriter(store: $0) }
        self.encoder = SinkEncoder(seed: seed ^ 0x5EED_1D5)
        self.batchSize = batchSize
    }

    /// A cluster of the simulation: its index in the fleet (which numbers its stream for the
    /// writer) and its id.
    struct ClusterRef: Sendable {
        var index: Int
        var id: String
    }

    /// Records the events of one decision for `cluster`.
    func record(_ events: [UpgradeEvent], activeUpgrade: Int?, cluster: ClusterRef, actor: String, at: Timestamp) throws {
        guard !events.isEmpty else { return }
        try checkDate(at.millisecondsSinceEpoch)
        recorded += events.count
        guard writer != nil else { return }
        try add(encoder.pending(events, activeUpgrade: activeUpgrade, cluster: cluster, actor: actor, at: at), count: events.count)
    }

    /// Records the events of one template decision for `cluster`, on the same stream as edge events.
    func record(_ events: [TemplateUpgradeEvent], cluster: ClusterRef, actor: String, at ms: Int64, inProgress: String?) throws {
        guard !events.isEmpty else { return }
        try checkDate(ms)
        recorded += events.count
        guard writer != nil else { return }
        try add(encoder.pending(events, cluster: cluster, actor: actor, at: ms, inProgress: inProgress), count: events.count)
    }

    /// Records the rollout's own record of which clusters were assigned which change.
    func record(_ assignment: ClustersAssigned, actor: String, at ms: Int64) throws {
        try checkDate(ms)
        recorded += 1
        guard writer != nil else { return }
        try add(encoder.pending(assignment, actor: actor, at: ms), count: 1)
    }

    /// Records a profile version as published.
    func record(_ document: ProfileDocument, actor: String, at ms: Int64) throws {
        try checkDate(ms)
        recorded += 1
        guard writer != nil else { return }
        try add(encoder.pending(document, actor: actor, at: ms), count: 1)
    }

    /// Stops the replay at an event the store cannot date, once the batches in flight are down
    /// (the caller then removes the unfinished store without a write racing it).
    private func checkDate(_ ms: Int64) throws(EventPastLastInstant) {
        guard ms > RFC3339.lastMillisecond else { return }
        try? writer?.awaitFinished()
        throw EventPastLastInstant(atMs: ms)
    }

    private func add(_ pending: PendingAppend, count: Int) throws {
        guard let writer else { return }
        var pending = pending
        if encodingHere { try pending.encode() }
        batch.append(pending)
        batchedEvents += count
        if batchedEvents >= batchSize {
            encodingHere = try !writer.submit(&batch)
            batch.reserveCapacity(batchSize)
            batchedEvents = 0
        }
    }

    /// Hands over what is batched and has the writer finish the store (write its indexes) on its
    /// own thread; `awaitFinished` waits for it.
    func finish() throws {
        guard let writer else { return }
        if !batch.isEmpty { _ = try writer.submit(&batch) }
        batchedEvents = 0
        writer.finish()
    }

    /// Waits until every batch is durable and the store finished; rethrows a writer failure.
    func awaitFinished() throws {
        try writer?.awaitFinished()
    }
}
