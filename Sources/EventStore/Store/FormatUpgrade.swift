import CLMDB
import Foundation

/// Brings a store an older orchestrator wrote (format 1 or 2) to format 3 when it is opened to
/// write: the stream runs, posting lists and event id entries are built from the log (ADR 0009),
/// then the five older indexes are deleted and the format is set, in one last transaction. The
/// log is the same in every format and is not touched.
///
/// An upgrade cut short leaves the store at its old format with its old indexes intact: the next
/// opening empties the new indexes and builds them again.
enum FormatUpgrade {
    /// The indexes of formats 1 and 2, one entry per event each.
    static let olderIndexes = ["streams", "by_type", "by_actor", "by_time", "by_correlation"]

    static func run(env: LMDBEnvironment, layout: StoreLayout) throws {
        let rebuilt = [layout.streamRuns, layout.byType, layout.byActor, layout.byTime, layout.byCorrelation, layout.eventIDs, layout.idMarks]
        try BulkLoad.withGrowingMap(env) {
            try env.write { txn in for dbi in rebuilt { try txn.drop(dbi) } }
        }
        var keys = BulkIndexKeys()
        var chain = EventIDIndex.Chain()
        var stragglers: [(id: UUID, position: UInt64)] = []
        var marks: [(position: UInt64, chain: EventIDIndex.Chain)] = []
        var next: UInt64 = 1
        while true {
            // Pages of the log, each in its own read transaction, so the walk pins no old snapshot.
            let count = try env.read { txn in
                var decoder = EventDecoder()
                return try StoreReader.scanLog(from: next, limit: 65_536, decoder: &decoder, layout: layout, txn: txn) { event in
                    keys.add(event)
                    if !chain.extend(with: event.id.words) { stragglers.append((event.id, event.position)) }
                    if event.position % EventIDIndex.markSpacing == 0 { marks.append((event.position, chain)) }
                }.count
            }
            next += UInt64(count)
            if count < 65_536 { break }
        }
        try keys.writeIndexes(env: env, layout: layout)
        for start in stride(from: 0, to: max(stragglers.count, marks.count), by: 1 << 20) {
            try BulkLoad.withGrowingMap(env) {
                try env.write { txn in
                    for (id, position) in stragglers.dropFirst(start).prefix(1 << 20) {
                        try withUnsafeBytes(of: id.uuid) { key in
                            try BigEndian.withBytes(position) { try txn.put(layout.eventIDs, key: key, value: $0, flags: MDB_NOOVERWRITE) }
                        }
                    }
                    for (position, chain) in marks.dropFirst(start).prefix(1 << 20) {
                        try EventIDIndex.putMark(chain, at: position, layout: layout, txn: txn)
                    }
                }
            }
        }
        let older = try olderIndexes.map { name in try env.openDatabase(name, flags: StoreLayout.dupFixed, create: true) }
        try BulkLoad.withGrowingMap(env) {
            try env.write { txn in
                for dbi in older { try txn.deleteDatabase(dbi) }
                try IndexTrail.setIndexedThrough(next - 1, layout: layout, txn: txn)
                try StoreLayout.formatKey.withRaw { key in
                    try BigEndian.withBytes(UInt64(StoreLayout.format)) { try txn.put(layout.meta, key: key, value: $0) }
                }
            }
        }
    }
}
