import CLMDB

extension EventStore {
    /// The latest time any event in the store was recorded at (milliseconds since the epoch), or
    /// nil for an empty store: the time index's last second, then the trailing events. Not the last
    /// event's time: a store may hold events dated out of log order (a replay dated ahead of the
    /// clock, then events recorded by an earlier build's service), and this is the latest of them all.
    /// Reads one second's posting lists and the few trailing events; no scan of the log.
    public func latestRecordedAtMs() throws(EventStoreError) -> Int64? {
        try reading { txn in
            var latest = try Self.latestIndexedMs(layout: layout, txn: txn)
            try IndexTrail.forEachTrailing(layout: layout, txn: txn) { event in
                latest = max(latest ?? event.recordedAtMs, event.recordedAtMs)
            }
            return latest
        }
    }

    /// The latest time in the time index: the most milliseconds into its last second.
    private static func latestIndexedMs(layout: StoreLayout, txn: some TransactionReading) throws -> Int64? {
        try txn.withCursor(layout.byTime) { cursor in
            guard let last = try cursor.get(MDB_LAST) else { return nil }
            let second = StoreLayout.second(ofKey: last.key)
            var offset: UInt32 = 0
            var list = try cursor.get(MDB_FIRST_DUP)
            while let current = list {
                try PostingList.forEach(in: current.value, timed: true) { offset = max(offset, $0.offset) }
                list = try cursor.get(MDB_NEXT_DUP)
            }
            return second * 1000 + Int64(offset)
        }
    }
}
