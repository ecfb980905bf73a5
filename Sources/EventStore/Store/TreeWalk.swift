import CLMDB

/// Reads every page of every B-tree the data file holds, not only the entries the store's own
/// checks look up: LMDB's free-page tree (dbi 0), its main tree naming the databases (dbi 1), and
/// each named database end to end. A tree nobody reads on the way (the free-page tree is read
/// only by writers and by `backup`'s compacting copy) would otherwise hide its damage until then.
///
/// LMDB refusing a page (a reference past the pages in use, a page of the wrong kind) is damage;
/// so is a free-page entry that is malformed or names a page that cannot be free. Both are thrown
/// as `Damage`, which the store reports as `EventStoreError.corrupt`.
enum TreeWalk {
    /// Structural damage of the LMDB file, named by the tree it was found in.
    struct Damage: Error, CustomStringConvertible {
        let description: String
    }

    /// LMDB's fixed databases: the free-page tree and the main tree (its names of databases).
    static let freeDBI: MDB_dbi = 0
    static let mainDBI: MDB_dbi = 1
    /// Pages 0 and 1 are LMDB's two meta pages: never in a tree, never free.
    static let metaPages: UInt64 = 2

    /// Walks every tree in `txn`'s snapshot.
    static func walk(layout: StoreLayout, txn: ReadTransaction) throws {
        let pagesInUse = pagesInUse(txn)
        let named = layout.namedDatabases
        var treePages: UInt64 = 0
        for (name, dbi) in [("the main tree", mainDBI)] + named.map({ ("database \($0.name)", $0.dbi) }) {
            treePages += try walkEntries(of: dbi, named: name, txn: txn)
        }
        let names = try databaseNames(txn)
        for (name, _) in named where !names.contains(name) {
            throw Damage(description: "the main tree does not name database \(name)")
        }
        let (freePages, freeTreePages) = try walkFreePages(pagesInUse: pagesInUse, txn: txn)
        // Every page below the end is a meta page, in a tree or free, and none is two of these. The
        // stored page counts leave out the pages of dupsort values kept in trees of their own, so
        // this can only bound the sum, not match it.
        let accounted = metaPages + treePages + freeTreePages + freePages
        guard accounted <= pagesInUse else {
            throw Damage(description: "LMDB's free-page tree lists \(freePages) free pages, but the trees and meta pages already take \(accounted - freePages) of the \(pagesInUse) pages in use")
        }
    }

    /// Visits every entry of `dbi` (every value of a dupsort key), compares their number with the
    /// count the tree's record keeps, and returns the tree's page count from that record.
    private static func walkEntries(of dbi: MDB_dbi, named name: String, txn: ReadTransaction) throws -> UInt64 {
        let stat = try statistics(of: dbi, named: name, txn: txn)
        var entries = 0
        try lmdb(name) {
            try txn.withCursor(dbi) { cursor in
                var entry = try cursor.get(MDB_FIRST)
                while entry != nil {
                    entries += 1
                    entry = try cursor.get(MDB_NEXT)
                }
            }
        }
        guard entries == stat.ms_entries else {
            throw Damage(description: "\(name) holds \(entries) entries where its record counts \(stat.ms_entries)")
        }
        return pages(stat)
    }

    /// The names in the main tree.
    private static func databaseNames(_ txn: ReadTransaction) throws -> Set<String> {
        try lmdb("the main tree") {
            try txn.withCursor(mainDBI) { cursor in
                var names: Set<String> = []
                var entry = try cursor.get(MDB_FIRST)
                while let current = entry {
                    names.insert(String(decoding: current.key, as: UTF8.self))
                    entry = try cursor.get(MDB_NEXT)
                }
                return names
            }
        }
    }

    /// Every entry of the free-page tree: a transaction id (8 bytes, none after the snapshot's) to
    /// the pages it freed, as LMDB's ID list (machine words: a count, then that many page numbers, each below the one
    /// before). Each page must lie between the meta pages and the end, and be free only once.
    /// Returns the free pages and the tree's own pages.
    private static func walkFreePages(pagesInUse: UInt64, txn: ReadTransaction) throws -> (free: UInt64, tree: UInt64) {
        let name = "LMDB's free-page tree"
        let stat = try statistics(of: freeDBI, named: name, txn: txn)
        let word = MemoryLayout<Int>.size
        var seen = PageSet(count: pagesInUse)
        let newest = UInt64(mdb_txn_id(txn.handle))
        var free: UInt64 = 0
        var entries = 0
        try lmdb(name) {
            try txn.withCursor(freeDBI) { cursor in
                var entry = try cursor.get(MDB_FIRST)
                while let current = entry {
                    entries += 1
                    guard current.key.count == 8 else {
                        throw Damage(description: "\(name) has a key of \(current.key.count) bytes, not a transaction id")
                    }
                    let transaction = current.key.loadUnaligned(as: UInt64.self)
                    guard transaction <= newest else {
                        throw Damage(description: "\(name) lists pages freed by transaction \(transaction), after this snapshot's \(newest)")
                    }
                    let value = current.value
                    let count = value.count >= word ? UInt64(value.loadUnaligned(as: UInt.self)) : 0
                    guard value.count >= word, value.count % word == 0, count == UInt64(value.count / word - 1) else {
                        throw Damage(description: "\(name): the entry of transaction \(transaction) is \(value.count) bytes, which does not hold the \(count) pages it counts")
                    }
                    var previous = UInt64.max
                    for index in 1 ..< value.count / word {
                        let page = UInt64(value.loadUnaligned(fromByteOffset: index * word, as: UInt.self))
                        guard page >= metaPages, page < pagesInUse else {
                            throw Damage(description: "\(name): transaction \(transaction) freed page \(page), outside pages \(metaPages)–\(pagesInUse - 1) in use")
                        }
                        guard page < previous else {
                            throw Damage(description: "\(name): transaction \(transaction)'s pages are out of order at page \(page)")
                        }
                        guard seen.insert(page) else {
                            throw Damage(description: "\(name) lists page \(page) as free twice")
                        }
                        previous = page
                    }
                    free += count
                    entry = try cursor.get(MDB_NEXT)
                }
            }
        }
        guard entries == stat.ms_entries else {
            throw Damage(description: "\(name) holds \(entries) entries where its record counts \(stat.ms_entries)")
        }
        return (free, pages(stat))
    }

    private static func statistics(of dbi: MDB_dbi, named name: String, txn: ReadTransaction) throws -> MDB_stat {
        var stat = MDB_stat()
        let code = mdb_stat(txn.handle, dbi, &stat)
        guard code == MDB_SUCCESS else { throw Damage(description: "\(name): \(LMDBError(code: code, operation: "mdb_stat").meaning)") }
        return stat
    }

    private static func pages(_ stat: MDB_stat) -> UInt64 {
        UInt64(stat.ms_branch_pages) + UInt64(stat.ms_leaf_pages) + UInt64(stat.ms_overflow_pages)
    }

    /// The pages below the end of the data in use, by the environment's newest meta page (at least
    /// the snapshot's: the file only grows).
    private static func pagesInUse(_ txn: ReadTransaction) -> UInt64 {
        var info = MDB_envinfo()
        mdb_env_info(mdb_txn_env(txn.handle), &info)
        return UInt64(info.me_last_pgno) + 1
    }

    /// Runs `body`, naming the tree when LMDB refuses one of its pages.
    private static func lmdb<T>(_ tree: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LMDBError where error.isDamage {
            throw Damage(description: "\(tree): \(error.code == MDB_PAGE_NOTFOUND ? error.meaning : "LMDB reports corrupted pages")")
        }
    }

    /// One bit per page number below `count`.
    private struct PageSet {
        private var words: [UInt64]

        init(count: UInt64) { words = Array(repeating: 0, count: Int((count + 63) / 64)) }

        /// Adds `page`; false when it was there already.
        mutating func insert(_ page: UInt64) -> Bool {
            let (word, bit) = (Int(page / 64), page % 64)
            let mask: UInt64 = 1 << bit
            defer { words[word] |= mask }
            return words[word] & mask == 0
        }
    }
}
