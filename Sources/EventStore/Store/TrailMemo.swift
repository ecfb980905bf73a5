import Synchronization

/// What a write transaction learnt of the trail, kept for the next one so it need not learn it
/// again: the chain of time-ordered ids through the log, and the stream and secondary entries
/// of the trailing events (after the index mark, `IndexTrail`) that this process's writers wrote,
/// gathered as they were written. A catch-up then writes those without reading them back from
/// the log; only trailing events before them (written before the memo began) are read.
///
/// Valid only for the log up to `asOf` indexed up to `mark`: another writer moving either makes
/// it useless, and the transaction learns from the store instead. Only one write transaction
/// runs at a time, so the one memo is taken by the transaction that starts and handed back by
/// the one that commits; a transaction that fails leaves none.
struct TrailMemo: Sendable {
    var asOf: UInt64
    var mark: UInt64
    var chain: EventIDIndex.Chain
    /// The entries of the events from `postings.firstPosition` through `asOf`, all after `mark`.
    var postings: SecondaryPostings

    func describes(last: UInt64, mark: UInt64) -> Bool { asOf == last && self.mark == mark }

    /// The writer's memo between transactions.
    final class Slot: Sendable {
        private let memo = Mutex<TrailMemo?>(nil)

        /// Takes the memo (none is left until `give`).
        func take() -> TrailMemo? { memo.withLock { memo in defer { memo = nil }; return memo } }

        func give(_ given: TrailMemo?) { memo.withLock { $0 = given } }
    }
}
