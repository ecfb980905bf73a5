/// The borrowing read of the whole log: views of the map instead of owned events.
extension EventStore {
    /// Lends `body` a view of every event from `position` on, in log order, decoded in place: no
    /// allocation per event (repeated names share strings; the payload stays in the map). Copy
    /// what you keep: `RecordedEvent(copying:)`, `Data(view.payload)`.
    ///
    /// The log is read in chunks of at most `chunkSize` events, each in its own read transaction,
    /// so a long scan never pins one old snapshot for its whole length. The events lent form a
    /// gap-free run of positions from `position`: a prefix of the log as of the last chunk's
    /// snapshot. Events appended meanwhile are lent if they land before the scan reaches the end.
    ///
    /// `body` runs inside the chunk's read transaction, so keep it short and synchronous (it
    /// cannot await) and do not call back into this store from it: a map resize waiting for this
    /// transaction would block that second read, and the scan with it.
    ///
    /// Throws `EventStoreError` for the store's own failures (`.corrupt` for a record that does not
    /// decode, exactly as the owning reads do) and whatever `body` throws, unchanged.
    public func scanEvents(
        from position: UInt64 = 1, chunkSize: Int = 8192, _ body: (borrowing RecordedEventView) throws -> Void
    ) throws {
        precondition(chunkSize > 0, "chunkSize must be positive")
        var next = max(position, 1)
        var decoder = EventDecoder()
        while true {
            var bodyFailure: (any Error)?
            let stretch: StoreReader.ScannedStretch
            do {
                stretch = try reading { txn in
                    try StoreReader.scanLog(from: next, limit: chunkSize, decoder: &decoder, layout: layout, txn: txn) { view in
                        do { try body(view) } catch { bodyFailure = error; throw error }
                    }
                }
            } catch {
                // `reading` maps every failure to an `EventStoreError`; the caller's own comes back as thrown.
                throw bodyFailure ?? error
            }
            guard stretch.count == chunkSize else { return }
            next = stretch.lastPosition + 1
        }
    }
}
