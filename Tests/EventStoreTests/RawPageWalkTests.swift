import CLMDB
@testable import EventStore
import Foundation
import Testing
import TestSupport

/// Data files built by LMDB itself, in memory as bytes: `RawPageWalk` passes every clean one
/// (no false alarms) and finds every tree page of it, and refuses each kind of damage within a
/// page that would send LMDB outside the page, naming the tree, the page and the node.
@Suite("Raw LMDB pages")
struct RawPageWalkTests {
    let folder = TemporaryFolder("raw-pages")

    // MARK: Building files with LMDB

    /// An LMDB environment of its own in `path`, with `databases` (name → flags) created.
    static func environment(_ path: String, _ databases: [String: UInt32]) throws -> (LMDBEnvironment, [String: MDB_dbi]) {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let env = try LMDBEnvironment(path: path, readOnly: false, mapSize: 1 << 30, maxDatabases: 16)
        var dbis: [String: MDB_dbi] = [:]
        for (name, flags) in databases.sorted(by: { $0.key < $1.key }) {
            dbis[name] = try env.openDatabase(name, flags: flags, create: true)
        }
        return (env, dbis)
    }

    static func put(_ txn: WriteTransaction, _ dbi: MDB_dbi, _ key: [UInt8], _ value: [UInt8]) throws {
        try key.withUnsafeBytes { key in try value.withUnsafeBytes { try txn.put(dbi, key: key, value: $0) } }
    }

    static func delete(_ txn: WriteTransaction, _ dbi: MDB_dbi, _ key: [UInt8]) throws {
        try key.withUnsafeBytes { try txn.delete(dbi, key: $0) }
    }

    static func key(_ number: Int) -> [UInt8] { Array(BigEndian.bytes(UInt64(number))) }

    static func value(_ count: Int, seed: Int) -> [UInt8] { (0 ..< count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed) } }

    /// The data file's current meta page, read from its bytes.
    static func meta(_ bytes: [UInt8]) throws -> RawMeta {
        let first = try #require(RawMeta(Array(bytes[0 ..< RawMeta.size])))
        let second = RawMeta(Array(bytes[first.pageSize ..< first.pageSize + RawMeta.size]))
        return try #require(RawMeta.newest(first, second))
    }

    /// Walks the file in `bytes` (as read from disk) from its current meta page.
    static func walk(_ bytes: [UInt8], meta given: RawMeta? = nil) throws -> RawPageWalk.Summary {
        let meta = try given ?? Self.meta(bytes)
        return try RawPageWalk.walk(meta: meta) { page in
            let start = Int(page) * meta.pageSize
            guard start < bytes.count else { return [] }
            return Array(bytes[start ..< min(start + meta.pageSize, bytes.count)])
        }
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb")))
    }

    /// The pages LMDB's free-page tree lists as free, read through LMDB.
    static func freePages(_ env: LMDBEnvironment) throws -> UInt64 {
        try env.read { txn in
            try txn.withCursor(TreeWalk.freeDBI) { cursor in
                var free: UInt64 = 0
                var entry = try cursor.get(MDB_FIRST)
                while let current = entry {
                    free += UInt64(current.value.loadUnaligned(as: UInt.self))
                    entry = try cursor.get(MDB_NEXT)
                }
                return free
            }
        }
    }

    /// The walk passes the file and accounts for every page: the meta pages, the pages of every
    /// tree it walked and the pages the free-page tree lists make up exactly the pages in use.
    static func expectClean(_ path: String, env: LMDBEnvironment, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = try Self.bytes(path)
        let meta = try Self.meta(bytes)
        let summary = try walk(bytes)
        let free = try freePages(env)
        #expect(RawPage.metaPages + summary.pages + free == meta.pagesInUse,
                "\(summary) and \(free) free pages for \(meta.pagesInUse) pages in use", sourceLocation: sourceLocation)
    }

    // MARK: Clean files

    /// One shape of data file, built by LMDB.
    struct Shape: CustomTestStringConvertible, Sendable {
        let name: String
        let build: @Sendable (String) async throws -> LMDBEnvironment
        var testDescription: String { name }
    }

    static let dupSort = UInt32(MDB_DUPSORT)
    static let dupFixed = UInt32(MDB_DUPSORT | MDB_DUPFIXED)

    static let shapes: [Shape] = [
        Shape(name: "empty databases") { path in
            let (env, _) = try environment(path, ["plain": 0, "dups": dupSort, "fixed": dupFixed])
            return env
        },
        Shape(name: "a key's few values in a sub-page, plain and fixed-size") { path in
            let (env, dbis) = try environment(path, ["dups": dupSort, "fixed": dupFixed])
            try env.write { txn in
                for key in 0 ..< 300 {
                    for value in 0 ..< 1 + key % 6 {
                        try put(txn, dbis["dups"]!, Self.key(key), Self.value(10 + value % 7, seed: value))
                        try put(txn, dbis["fixed"]!, Self.key(key), Self.key(value))
                    }
                }
            }
            return env
        },
        Shape(name: "a key's many values in a tree of their own, plain and fixed-size") { path in
            let (env, dbis) = try environment(path, ["dups": dupSort, "fixed": dupFixed])
            try env.write { txn in
                for key in 0 ..< 4 {
                    for value in 0 ..< 20_000 {
                        try put(txn, dbis["dups"]!, Self.key(key), Self.key(value) + Self.value(8, seed: key))
                        try put(txn, dbis["fixed"]!, Self.key(key), Self.key(value))
                    }
                }
            }
            return env
        },
        Shape(name: "values on overflow pages") { path in
            let (env, dbis) = try environment(path, ["big": 0])
            try env.write { txn in
                for (index, size) in [2_100, 4_000, 4_097, 9_000, 70_000, 300_000].enumerated() {
                    try put(txn, dbis["big"]!, Self.key(index), Self.value(size, seed: index))
                }
            }
            return env
        },
        Shape(name: "a tree four levels deep") { path in
            let (env, dbis) = try environment(path, ["deep": 0])
            for batch in 0 ..< 10 {
                try env.write { txn in
                    for key in batch * 40_000 ..< (batch + 1) * 40_000 {
                        try put(txn, dbis["deep"]!, Self.key(key) + Self.value(120, seed: key), Self.value(4, seed: key))
                    }
                }
            }
            return env
        },
        Shape(name: "after deletions, with a large free-page list") { path in
            let (env, dbis) = try environment(path, ["plain": 0, "dups": dupSort])
            try env.write { txn in
                for key in 0 ..< 30_000 {
                    try put(txn, dbis["plain"]!, Self.key(key), Self.value(100, seed: key))
                    try put(txn, dbis["dups"]!, Self.key(key % 50), Self.key(key))
                }
            }
            try env.write { txn in
                for key in stride(from: 0, to: 30_000, by: 2) { try delete(txn, dbis["plain"]!, Self.key(key)) }
                for key in 0 ..< 25 { try delete(txn, dbis["dups"]!, Self.key(key)) }
            }
            return env
        },
        Shape(name: "an event store grown by appends alone") { path in
            let store = try EventStore.open(at: path)
            for batch in 0 ..< 60 {
                let events = (0 ..< 50).map {
                    SampleEvents.event(actor: "agent/\(batch % 7)", at: 1_795_000_000_000 + Int64(batch * 50 + $0), payload: "{\"n\":\"\(String(repeating: "x", count: batch * 17))\"}")
                }
                try await store.append(to: "cluster/\(batch % 9)", expected: .any, events: events)
            }
            store.close()
            // The store's own environment, still open: this process opens no second one on it.
            return store.env
        },
    ]

    @Test(arguments: shapes)
    func aCleanFilePassesAndEveryPageIsAccountedFor(shape: Shape) async throws {
        let env = try await shape.build(folder.path)
        try Self.expectClean(folder.path, env: env)
    }

    @Test func theWalkFollowsNamedDatabasesDupsortTreesAndOverflowRuns() async throws {
        let env = try await Self.shapes[2].build(folder.path)
        let summary = try Self.walk(Self.bytes(folder.path))
        // The main tree, two databases, and 4 + 4 keys' trees of values.
        #expect(summary.trees >= 11)
        #expect(summary.branchPages > 0 && summary.leafPages > 0)
        _ = env
        let big = try await Self.shapes[3].build(folder.child("big"))
        let overflow = try Self.walk(Self.bytes(folder.child("big")))
        // 1, 1, 2, 3, 18 and 74 pages for the six values.
        #expect(overflow.overflowPages == 1 + 1 + 2 + 3 + 18 + 74)
        _ = big
        let deep = try await Self.shapes[4].build(folder.child("deep"))
        let dbi = try deep.openDatabase("deep", create: false)
        let depth = try deep.read { txn in
            var stat = MDB_stat()
            try #require(mdb_stat(txn.handle, dbi, &stat) == MDB_SUCCESS)
            return stat.ms_depth
        }
        #expect(depth == 4)
    }

    /// Random shapes: databases of each kind, keys and values of random sizes (some on overflow
    /// pages, some keys with many values), random deletions, over several transactions.
    @Test(arguments: 0 ..< 12)
    func aRandomlyGrownFilePasses(seed: UInt64) throws {
        var random = RandomRecords(seed: seed)
        let path = folder.child("seed-\(seed)")
        let (env, dbis) = try Self.environment(path, ["plain": 0, "dups": Self.dupSort, "fixed": Self.dupFixed])
        for _ in 0 ..< random.int(1 ... 6) {
            try env.write { txn in
                for _ in 0 ..< random.int(0 ... 3_000) {
                    let key = Self.key(random.int(0 ... 2_000))
                    switch random.int(0 ... 9) {
                    case 0 ... 3:
                        let size = random.chance(5) ? random.int(2_000 ... 40_000) : random.int(1 ... 300)
                        try Self.put(txn, dbis["plain"]!, key, Self.value(size, seed: random.int(0 ... 255)))
                    case 4 ... 6:
                        let keys = random.chance(50) ? 5 : 2_000
                        let key = Self.key(random.int(0 ... keys))
                        try Self.put(txn, dbis["dups"]!, key, Self.value(random.int(1 ... 200), seed: random.int(0 ... 255)))
                    case 7:
                        try Self.put(txn, dbis["fixed"]!, Self.key(random.int(0 ... 20)), Self.key(random.int(0 ... 1_000_000)))
                    default:
                        try Self.delete(txn, dbis[["plain", "dups", "fixed"][random.int(0 ... 2)]]!, key)
                    }
                }
            }
        }
        try Self.expectClean(path, env: env)
    }

    // MARK: Damage, byte by byte

    /// A small file to damage: database `things` two levels deep (several leaves under a branch
    /// root), a value on overflow pages, and dupsort database `dups` with a key's values in a sub-page.
    static func damageable(_ path: String) throws -> (bytes: [UInt8], file: LMDBDataFile) {
        let (env, dbis) = try environment(path, ["things": 0, "dups": dupSort])
        try env.write { txn in
            for key in 0 ..< 400 { try put(txn, dbis["things"]!, Self.key(key), Self.value(40, seed: key)) }
            try put(txn, dbis["things"]!, Self.key(1_000), Self.value(9_000, seed: 1))
            for value in 0 ..< 3 { try put(txn, dbis["dups"]!, Self.key(7), Self.key(value)) }
        }
        return (try bytes(path), try LMDBDataFile(store: path))
    }

    func expectDamage(_ bytes: [UInt8], meta: RawMeta? = nil, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: RawPageWalk.Damage(description: expected), sourceLocation: sourceLocation) { try Self.walk(bytes, meta: meta) }
    }

    static func root(_ file: LMDBDataFile, _ name: String) throws -> UInt64 {
        try #require(file.databases.first { $0.name == name }?.root)
    }

    @Test func aNodeOffsetOrAKeyOrValueSizePastThePageIsRefused() throws {
        var (bytes, file) = try Self.damageable(folder.path)
        _ = try Self.walk(bytes)
        let leaf = try #require(file.leaves(below: Self.root(file, "things")).first)
        let slot = file.nodeSlot(1, of: leaf)
        let node = file.node(1, of: leaf)
        let upper = file.upper(of: leaf)

        var moved = bytes
        moved[slot + 1] = 0xFF
        let offset = Int(moved[slot]) | 0xFF00
        expectDamage(moved, "database things: page \(leaf), node 1 is at offset \(offset), outside the nodes' area \(upper)–4096")

        var keyed = bytes
        keyed[node + 7] ^= 0x10
        let keySize = file.keySize(at: node) ^ 0x1000
        expectDamage(keyed, "database things: page \(leaf), node 1 at offset \(node - file.pageOffset(leaf)) has a key of \(keySize) bytes, past the page's end at 4096")

        var valued = bytes
        valued[node + 1] ^= 0x10
        let valueSize = file.dataSize(at: node) ^ 0x1000
        expectDamage(valued, "database things: page \(leaf), node 1 at offset \(node - file.pageOffset(leaf)) has a key of 8 bytes and a value of \(valueSize) bytes, past the page's end at 4096")

        // A node offset into the offsets' own array (below `upper`) is refused too.
        bytes[slot] = 20
        bytes[slot + 1] = 0
        expectDamage(bytes, "database things: page \(leaf), node 1 is at offset 20, outside the nodes' area \(upper)–4096")
    }

    @Test func aPageHeaderThatMisnamesThePageOrItsKindOrItsBoundsIsRefused() throws {
        let (bytes, file) = try Self.damageable(folder.path)
        let root = try Self.root(file, "things")
        let leaf = try #require(file.leaves(below: root).first)
        let at = file.pageOffset(leaf)

        var renamed = bytes
        renamed[at] ^= 0x01
        expectDamage(renamed, "database things: page \(leaf) is marked as page \(leaf ^ 1)")

        var branch = bytes
        branch[at + 10] = 0x01
        expectDamage(branch, "database things: page \(leaf) at level 2 of 2 is a branch page (flags 0x1) where a leaf page belongs")

        var unknown = bytes
        unknown[at + 11] = 0x02
        expectDamage(unknown, "database things: page \(leaf) at level 2 of 2 is a leaf page (flags 0x202) where a leaf page belongs")

        var backwards = bytes
        // lower past upper: the offsets' array would run into the nodes.
        let upper = file.upper(of: leaf)
        backwards[at + 12] = UInt8(truncatingIfNeeded: upper + 2)
        backwards[at + 13] = UInt8(truncatingIfNeeded: (upper + 2) >> 8)
        expectDamage(backwards, "database things: page \(leaf): its free space runs from \(upper + 2) to \(upper), not within 16–4096 in order")

        var beyond = bytes
        beyond[at + 15] = 0x20
        expectDamage(beyond, "database things: page \(leaf): its free space runs from \(file.nodeCount(of: leaf) * 2 + 16) to \((upper & 0xFF) | 0x2000), not within 16–4096 in order")
    }

    @Test func aChildOutsideThePagesInUseOrReachedTwiceIsRefused() throws {
        let (bytes, file) = try Self.damageable(folder.path)
        let root = try Self.root(file, "things")
        try #require(file.flags(of: root) & LMDBDataFile.branchPage != 0 && file.nodeCount(of: root) >= 3)
        let meta = try Self.meta(bytes)

        var far = bytes
        let second = file.node(1, of: root)
        far[second + 2] = 0x01
        let child = file.child(at: second) | 1 << 16
        expectDamage(far, "database things: page \(root), node 1 refers to page \(child), outside pages 2–\(meta.lastPage) in use")

        var twice = bytes
        let first = file.node(0, of: root)
        for index in 0 ..< 6 { twice[second + index] = bytes[first + index] }
        expectDamage(twice, "database things: page \(root), node 1 refers to page \(file.child(at: first)), which is already in a tree")

        // A root that is a meta page.
        var meta0 = meta
        meta0.mainTree.root = 1
        expectDamage(bytes, meta: meta0, "the main tree: the meta page refers to page 1, outside pages 2–\(meta.lastPage) in use")
    }

    @Test func anOverflowRunOutsideThePagesInUseOrShorterThanItsValueIsRefused() throws {
        let (bytes, file) = try Self.damageable(folder.path)
        let meta = try Self.meta(bytes)
        let (leaf, index) = try #require(file.leaves(below: Self.root(file, "things")).lazy.compactMap { leaf in
            (0 ..< file.nodeCount(of: leaf)).first { file.nodeFlags(at: file.node($0, of: leaf)) & LMDBDataFile.bigData != 0 }.map { (leaf, $0) }
        }.first)
        let node = file.node(index, of: leaf)
        let first = file.uint64(at: file.dataOffset(at: node))

        var far = bytes
        far[file.dataOffset(at: node) + 3] ^= 0x01
        expectDamage(far, "database things: page \(leaf), node \(index) keeps a value of 9000 bytes on 3 overflow pages from page \(first ^ 1 << 24), outside pages 2–\(meta.lastPage) in use")

        var short = bytes
        short[file.pageOffset(first) + 12] = 2
        expectDamage(short, "database things: overflow page \(first) starts a run of 2 pages, where the value needs 3 and pages \(first)–\(meta.lastPage) are in use")

        var notOverflow = bytes
        notOverflow[file.pageOffset(first) + 10] = 0x02
        expectDamage(notOverflow, "database things: page \(leaf), node \(index) names page \(first) as its value's first overflow page, but it is a leaf page")
    }

    @Test func aTreeRecordWhoseDepthDisagreesWithItsPagesIsRefused() throws {
        let (bytes, file) = try Self.damageable(folder.path)
        let root = try Self.root(file, "things")
        let main = try #require(file.mainRoot)
        let record = try #require((0 ..< file.nodeCount(of: main)).map { file.node($0, of: main) }.first { file.key(at: $0) == Data("things".utf8) })
        let depth = file.dataOffset(at: record) + 6

        var deep = bytes
        deep[depth] = 40
        expectDamage(deep, "database things: its record in the main tree gives it 40 levels, outside 1–32")

        var deeper = bytes
        deeper[depth] = 3
        let leaf = try #require(file.leaves(below: root).first)
        expectDamage(deeper, "database things: page \(leaf) at level 2 of 3 is a leaf page (flags 0x2) where a branch page belongs")

        var shallow = bytes
        shallow[depth] = 1
        expectDamage(shallow, "database things: page \(root) at level 1 of 1 is a branch page (flags 0x1) where a leaf page belongs")
    }

    @Test func aDamagedSubPageOfValuesIsRefused() throws {
        let (bytes, file) = try Self.damageable(folder.path)
        let leaf = try Self.root(file, "dups")
        let node = file.node(0, of: leaf)
        try #require(file.nodeFlags(at: node) == 0x04, "key 7's three values are in a sub-page")
        let subPage = file.dataOffset(at: node)
        let size = file.dataSize(at: node)

        var damaged = bytes
        // The sub-page's first value's offset, past the sub-page.
        damaged[subPage + 16] = UInt8(truncatingIfNeeded: size + 2)
        damaged[subPage + 17] = 0
        let upper = Int(bytes[subPage + 14]) | Int(bytes[subPage + 15]) << 8
        expectDamage(damaged, "database dups: page \(leaf), node 0, its sub-page of values, node 0 is at offset \(size + 2), outside the nodes' area \(upper)–\(size)")

        var flagged = bytes
        flagged[node + 4] = 0x01
        // As a value on overflow pages: the sub-page's first bytes, its leaf's page number.
        expectDamage(flagged, "database dups: page \(leaf), node 0 names page \(leaf) as its value's first overflow page, but it is a leaf page")

        var dupFlag = bytes
        let thing = file.node(0, of: try #require(file.leaves(below: Self.root(file, "things")).first))
        dupFlag[thing + 4] = 0x04
        expectDamage(dupFlag, "database things: page \(file.leaves(below: try Self.root(file, "things")).first!), node 0 has flags 0x4, which database things cannot hold")
    }

    // MARK: The file on disk

    @Test func openingWithThePageCheckRefusesDamageBeforeLMDBReadsIt() async throws {
        do {
            let store = try EventStore.open(at: folder.path)
            try await store.append(to: "cluster/1", expected: .any, events: SampleEvents.events(300))
            store.close()
        }
        _ = try EventStore.open(at: folder.path, mode: .readOnly, checkingPages: true)
        var file = try LMDBDataFile(store: folder.path)
        let log = try #require(file.root(of: "log"))
        let leaf = try #require(file.leaves(below: log).last)
        let slot = file.nodeSlot(0, of: leaf)
        let upper = file.upper(of: leaf)
        try file.flip(at: slot + 1, with: 0x80)
        let offset = (Int(try LMDBDataFile(store: folder.path).uint64(at: slot)) & 0xFFFF)
        #expect(throws: EventStoreError.corrupt(path: folder.path, detail: "database log: page \(leaf), node 0 is at offset \(offset), outside the nodes' area \(upper)–4096")) {
            try EventStore.open(at: folder.path, mode: .readOnly, checkingPages: true)
        }
    }

    @Test func theNewestMetaPageIsTheOneWithTheHigherTransaction() async throws {
        let env = try await Self.shapes[1].build(folder.path)
        let bytes = try Self.bytes(folder.path)
        let read = try StoreFolder.newestMeta(folder.path)
        #expect(read == (try Self.meta(bytes)))
        var info = MDB_envinfo()
        mdb_env_info(env.handle, &info)
        #expect(read.transaction == UInt64(info.me_last_txnid))
        #expect(read.lastPage == UInt64(info.me_last_pgno))
        #expect(read.pageSize == env.pageSize)
    }
}
