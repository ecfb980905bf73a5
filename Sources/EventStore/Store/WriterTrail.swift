/// What this process's writer knows of the trail between its write transactions: the trailing
/// streams' last revisions (`TrailHeads`, which readers use too) and what the last transaction
/// learnt of the trail (`TrailMemo`). Each is valid only for the log position and index mark it
/// describes, so another writer moving the log makes them useless, never wrong.
final class WriterTrail: Sendable {
    let heads = TrailHeads()
    let memo = TrailMemo.Slot()

    /// A transaction in `txn` that starts from what the last one left.
    func begin(layout: StoreLayout, txn: WriteTransaction) throws -> AppendTransaction {
        try AppendTransaction(layout: layout, txn: txn, heads: heads.snapshot, memo: memo.take())
    }

    /// Keeps what a transaction left, once it has committed (never before: until then they
    /// describe a log that may yet not be).
    func keep(_ left: AppendTransaction.Left) {
        if let leftHeads = left.heads { heads.store(leftHeads) }
        memo.give(left.memo)
    }
}
