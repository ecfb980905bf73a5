import Synchronization

/// The last revision of each stream whose newest events trail the log (after
/// `meta.indexed_through`, so not yet in `stream_runs`), as this process's writer left them:
/// valid for the log up to `asOf` indexed up to `mark`. Another writer moving the log makes them
/// stale, and a reader then takes the trail from the log instead (`scan`).
final class TrailHeads: Sendable {
    struct Snapshot {
        /// The log's last position and secondary-index mark these heads describe (nil: unknown).
        var asOf: UInt64?
        var mark: UInt64?
        var revisions: [String: UInt64] = [:]

        func describes(last: UInt64, mark: UInt64) -> Bool { asOf == last && self.mark == mark }
    }

    private let state = Mutex(Snapshot(asOf: nil))

    var snapshot: Snapshot { state.withLock { $0 } }

    func store(_ snapshot: Snapshot) { state.withLock { $0 = snapshot } }

    /// What the heads say of `stream` when they describe `txn`'s snapshot: its trailing last
    /// revision (`.some(revision)`), that it has no trailing event (`.some(nil)`), or nothing (nil).
    func revision(of stream: String, layout: StoreLayout, txn: some TransactionReading) throws -> UInt64?? {
        let last = try StoreReader.lastPosition(layout: layout, txn: txn)
        let mark = try IndexTrail.indexedThrough(layout: layout, txn: txn)
        return state.withLock { state in state.describes(last: last, mark: mark) ? .some(state.revisions[stream]) : nil }
    }

    /// The heads read from the log: every event after the mark, in `txn`'s snapshot.
    static func scan(layout: StoreLayout, txn: some TransactionReading) throws -> Snapshot {
        var snapshot = Snapshot(asOf: try StoreReader.lastPosition(layout: layout, txn: txn),
                                mark: try IndexTrail.indexedThrough(layout: layout, txn: txn))
        try IndexTrail.forEachTrailing(layout: layout, txn: txn) { snapshot.revisions[$0.stream] = $0.revision }
        return snapshot
    }
}
