import CLMDB
@testable import EventStore
import Foundation
import Testing
import TestSupport

/// Stores damaged on disk (a cut-off data file, an empty one, an index value past the log): every
/// command says so in one line with exit 65, and none dies of a signal.
@Suite("Damaged stores on the command line")
struct DamagedStoreCommandTests {
    let folder = ScratchFolder("damaged")

    /// Every command that opens a store, as arguments after `--store DIR`.
    static let commands: [[String]] = [
        ["verify"], ["audit"], ["audit", "approvals"], ["state", "--cluster", "store-0001"], ["export"],
        ["backup", "--to", "COPY"], ["run", "--port", "0"],
    ]

    func run(_ command: [String], on store: String) throws -> OrchestratorProcess.Outcome {
        try Self.run(command, on: store, copyIn: folder)
    }

    /// Runs one of `commands` on `store`, a backup into a new folder in `scratch` that must not be left.
    static func run(_ command: [String], on store: String, copyIn scratch: ScratchFolder) throws -> OrchestratorProcess.Outcome {
        let copy = scratch.child("copy-\(UUID().uuidString)")
        let arguments = command.count > 1 && command[1] == "approvals" ? ["audit", "approvals"] : [command[0]]
        let rest = command.dropFirst(arguments.count).map { $0 == "COPY" ? copy : $0 }
        let outcome = try OrchestratorProcess.run(arguments + ["--store", store] + rest)
        #expect(!FileManager.default.fileExists(atPath: copy), "\(command): a backup of a damaged store was left at --to")
        return outcome
    }

    static func expectOneLine(_ outcome: OrchestratorProcess.Outcome, _ line: String, _ command: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.exitCode == 65, "\(command): \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stdout.isEmpty, "\(command): \(outcome.stdout)", sourceLocation: sourceLocation)
        // `run` logs its start (info) on stderr too; no error besides the one line.
        let said = command[0] == "run" ? outcome.stderr.split(separator: "\n").filter { !$0.contains(" info ") }.map { $0 + "\n" }.joined() : outcome.stderr
        #expect(said == "orchestrator: \(line)\n", "\(command): \(outcome.stderr)", sourceLocation: sourceLocation)
    }

    /// The data file's size, and how far its pages reach by the meta page.
    static func sizes(_ store: String) throws -> (size: UInt64, reach: UInt64) {
        let size = try #require(FileManager.default.attributesOfItem(atPath: store + "/data.mdb")[.size] as? NSNumber).uint64Value
        let opened = try EventStore.open(at: store, mode: .readOnly)
        defer { opened.close() }
        return (size, opened.env.pagesInUseBytes)
    }

    enum Cut: String, CaseIterable { case half, lastPage }

    @Test(arguments: Cut.allCases)
    func aCutOffDataFileIsRefusedByEveryCommandInOneLine(cut: Cut) async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let (size, reach) = try Self.sizes(fleet.path)
        try #require(size >= reach && reach >= 8 * 4096, "the recorded store spans several pages")
        let cutTo = cut == .half ? reach / 2 : reach - 4096
        try #require(truncate(fleet.path + "/data.mdb", off_t(cutTo)) == 0)
        for command in Self.commands {
            let outcome = try run(command, on: fleet.path)
            Self.expectOneLine(outcome, "store \(fleet.path) is damaged: data.mdb is \(cutTo) bytes, its pages reach \(reach); restore it from a backup", command)
        }
    }

    @Test func anEmptyDataFileIsNoStoreForAnyCommandAndStaysEmpty() throws {
        let store = folder.child("empty-data")
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: store + "/data.mdb", contents: Data())
        for command in Self.commands {
            let outcome = try run(command, on: store)
            Self.expectOneLine(outcome, "\(store) is not an orchestrator event store (data.mdb is empty); point --store at a store folder, or at a new or empty folder to create one", command)
        }
        #expect(try FileManager.default.attributesOfItem(atPath: store + "/data.mdb")[.size] as? NSNumber == 0)
    }

    @Test func aStreamRunCountPastTheLogIsADamagedStoreForEveryCommand() async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let logEnd: UInt64
        do {
            let store = try EventStore.open(at: fleet.path, mode: .readWrite)
            defer { store.close() }
            logEnd = try store.lastPosition()
            try StreamRunDamage.inflateLastRun(of: "cluster/store-0001", by: 1_000_000, in: store)
        }
        let inflated = try #require(try StreamRunDamage.lastRun(of: "cluster/store-0001", in: fleet.path))
        let line = "store \(fleet.path) is damaged: index stream_runs holds a run of \(inflated.count) events from position \(inflated.firstPosition) (revision \(inflated.firstRevision)), past the log's end at \(logEnd); restore it from a backup"
        for command in [["audit", "--cluster", "store-0001"], ["state", "--cluster", "store-0001"], ["run", "--port", "0"]] {
            Self.expectOneLine(try run(command, on: fleet.path), line, command)
        }
        // verify names the index and the counts that disagree, as for any other damage it finds.
        let verified = try OrchestratorProcess.run(["verify", "--store", fleet.path])
        #expect(verified.exitCode == 1)
        #expect(verified.stderr.contains("index stream_runs holds \(logEnd + 1_000_000) events for \(logEnd)"), "\(verified.stderr)")
    }
}

/// Damage below the store's records, in LMDB's own pages: the free-page tree (read only by writers
/// and by `backup`'s compacting copy) and a page reference past the pages in use. `verify` reads
/// every tree and names it; every command says "is damaged" with 65, never 70 with an LMDB code.
@Suite("Damaged LMDB pages on the command line")
struct DamagedPagesCommandTests {
    let folder = ScratchFolder("damaged-pages")

    /// A recorded store and its data file; its free-page tree is a single leaf.
    func recorded() async throws -> (path: String, file: LMDBDataFile, freeLeaf: UInt64) {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let file = try LMDBDataFile(store: fleet.path)
        let root = try #require(file.freeRoot, "the recorded store has freed pages")
        try #require(file.flags(of: root) & LMDBDataFile.leafPage != 0)
        try #require(file.nodeCount(of: root) >= 1)
        return (fleet.path, file, root)
    }

    func backup(_ store: String) throws -> (OrchestratorProcess.Outcome, copyLeft: Bool) {
        let copy = folder.child("copy-\(UUID().uuidString)")
        let outcome = try OrchestratorProcess.run(["backup", "--store", store, "--to", copy])
        return (outcome, FileManager.default.fileExists(atPath: copy))
    }

    @Test func aFreePageEntryThatMiscountsItsPagesIsFoundByVerifyAndRefusedByBackup() async throws {
        var (store, file, leaf) = try await recorded()
        let node = file.node(0, of: leaf)
        let transaction = file.key(at: node).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        let size = file.dataSize(at: node)
        let count = file.uint64(at: file.dataOffset(at: node))
        // One byte of the root page: the entry's count of pages, which its size no longer holds.
        try file.flip(at: file.dataOffset(at: node), with: 0x40)
        let verified = try OrchestratorProcess.run(["verify", "--store", store])
        DamagedStoreCommandTests.expectOneLine(
            verified,
            "store \(store) is damaged: LMDB's free-page tree: the entry of transaction \(transaction) is \(size) bytes, which does not hold the \(count ^ 0x40) pages it counts; restore it from a backup",
            ["verify"])
        let (backedUp, copyLeft) = try backup(store)
        DamagedStoreCommandTests.expectOneLine(
            backedUp, "store \(store) is damaged: its trees and LMDB's free-page tree do not add up to the pages in use; restore it from a backup", ["backup"])
        #expect(!copyLeft)
    }

    @Test func aFreePagePastTheEndIsFoundByVerify() async throws {
        var (store, file, leaf) = try await recorded()
        let node = file.node(0, of: leaf)
        let transaction = file.key(at: node).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        let page = file.uint64(at: file.dataOffset(at: node) + 8)
        try #require(page < 1 << 48)
        try file.flip(at: file.dataOffset(at: node) + 8 + 6, with: 0x01)
        let verified = try OrchestratorProcess.run(["verify", "--store", store])
        DamagedStoreCommandTests.expectOneLine(
            verified,
            "store \(store) is damaged: LMDB's free-page tree: transaction \(transaction) freed page \(page | 1 << 48), outside pages 2–\(file.lastPage) in use; restore it from a backup",
            ["verify"])
    }

    @Test func aPageReferencePastTheEndIsADamagedStoreForEveryCommand() async throws {
        var (store, file, _) = try await recorded()
        let leaf = file.firstLeaf(below: try #require(file.root(of: "log")))
        let node = file.node(0, of: leaf)
        try #require(file.nodeFlags(at: node) & LMDBDataFile.bigData == 0)
        // The event's first bytes, read as the number of an overflow page, lie far past the end.
        let overflow = file.uint64(at: file.dataOffset(at: node))
        try #require(overflow > file.lastPage)
        let size = UInt64(file.dataSize(at: node))
        try file.flip(at: node + 4, with: UInt8(LMDBDataFile.bigData))
        let found = "a page refers to a page past the end of the data in use"
        // Every command that reads the first event (`audit approvals` reads approvals only); `verify`
        // and `backup` walk the raw pages first and name the node.
        let raw: [[String]] = [["verify"], ["backup", "--to", "COPY"]]
        for command in DamagedStoreCommandTests.commands where !raw.contains(command) && command != ["audit", "approvals"] {
            let outcome = try DamagedStoreCommandTests.run(command, on: store, copyIn: folder)
            DamagedStoreCommandTests.expectOneLine(outcome, "store \(store) is damaged: LMDB finds that \(found); restore it from a backup", command)
        }
        let pages = (15 + size) / 4096 + 1
        for command in raw {
            DamagedStoreCommandTests.expectOneLine(
                try DamagedStoreCommandTests.run(command, on: store, copyIn: folder),
                "store \(store) is damaged: database log: page \(leaf), node 0 keeps a value of \(size) bytes on \(pages) overflow pages from page \(overflow), outside pages 2–\(file.lastPage) in use; restore it from a backup",
                command)
        }
    }

    /// The leaf page with the highest number in the main tree or a database it names (the pages
    /// LMDB wrote last lie at the end of the file), with its tree's name as `verify` gives it.
    static func lastLeaf(_ file: LMDBDataFile) throws -> (tree: String, page: UInt64) {
        let main = try #require(file.mainRoot)
        let trees = [("the main tree", main)] + file.databases.compactMap { database in database.root.map { ("database \(database.name)", $0) } }
        let leaves = trees.flatMap { tree in file.leaves(below: tree.1).map { (tree: tree.0, page: $0) } }
        return try #require(leaves.max { $0.page < $1.page })
    }

    /// What one flipped byte in a node of a leaf near the file's end sends past it.
    enum Flip: String, Sendable {
        /// The high byte of the node's offset (`mp_ptrs[i]`): the node lies beyond the page.
        case nodeOffset
        /// The high byte of the node's key size (`mn_ksize`): its key, and the value after it, run beyond.
        case keySize
    }

    /// A flip in the last node of a leaf near the file's end: the last leaf of all, or one of the
    /// log's (whose values `verify` decodes, so the old code read the value behind a grown key).
    struct Damage: CustomTestStringConvertible, Sendable {
        let flip: Flip
        let inLog: Bool
        var testDescription: String { "\(flip) in \(inLog ? "a leaf of the log" : "the last leaf")" }
    }

    /// LMDB follows a node offset or a key size as it finds them; past the end of the file, through
    /// its map, that is SIGBUS: before the raw walk `verify` and `backup` died of it with a
    /// backtrace (a node offset: both; a key size in the log: `verify`, while `backup` copied the
    /// page as it was). Now they walk the raw pages with `pread` first and refuse the page in one line.
    @Test(arguments: [Damage(flip: .nodeOffset, inLog: false), Damage(flip: .keySize, inLog: false), Damage(flip: .keySize, inLog: true)])
    func aFlippedByteInALastLeafThatPointsPastTheFileIsRefusedByVerifyAndBackup(damage: Damage) async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        var file = try LMDBDataFile(store: fleet.path)
        // Where the map stops holding the file: its size, rounded up to the system's page.
        let end = (file.size + 4095) / 4096 * 4096
        let reaches = { (leaf: UInt64) in file.pageOffset(leaf) + 0xFF00 >= end }
        // The log's leaf with the highest number (LMDB reuses freed pages, so it need not be the
        // last of the log), when one lies near enough to the end; else the last leaf of all.
        let log = try #require(file.root(of: "log"))
        let logLeaf = file.leaves(below: log).filter(reaches).max()
        let (tree, leaf) = damage.inLog && logLeaf != nil ? ("database log", logLeaf!) : try Self.lastLeaf(file)
        let page = file.pageOffset(leaf)
        try #require(file.pageSize == 4096 && reaches(leaf), "leaf \(leaf) at \(page) lies within 15 pages of the file's end at \(file.size)")
        let index = file.nodeCount(of: leaf) - 1
        let node = file.node(index, of: leaf)
        let upper = file.upper(of: leaf)
        let found: String
        switch damage.flip {
        case .nodeOffset:
            let slot = file.nodeSlot(index, of: leaf)
            try file.write([0xFF], at: slot + 1)
            let offset = ((node - page) & 0xFF) | 0xFF00
            try #require(page + offset >= end)
            found = "\(tree): page \(leaf), node \(index) is at offset \(offset), outside the nodes' area \(upper)–4096"
        case .keySize:
            let keySize = (file.keySize(at: node) & 0xFF) | 0xFF00
            try file.write([0xFF], at: node + 7)
            try #require(node + 8 + keySize >= end)
            found = "\(tree): page \(leaf), node \(index) at offset \(node - page) has a key of \(keySize) bytes, past the page's end at 4096"
        }
        for command in [["verify"], ["backup", "--to", "COPY"]] {
            let outcome = try DamagedStoreCommandTests.run(command, on: fleet.path, copyIn: folder)
            #expect(outcome.signal == nil, "\(command) died of signal \(outcome.signal ?? 0): \(outcome.stderr.prefix(300))")
            DamagedStoreCommandTests.expectOneLine(outcome, "store \(fleet.path) is damaged: \(found); restore it from a backup", command)
        }
    }
}

/// Writes a damaged `stream_runs` value: a stream's last run with a count the log cannot hold.
enum StreamRunDamage {
    static func inflateLastRun(of stream: String, by extra: UInt64, in store: EventStore) throws {
        try store.env.write { txn in
            try txn.withCursor(store.layout.streamRuns) { cursor in
                try Array(stream.utf8).withRaw { key in
                    try #require(try cursor.get(MDB_SET, key: key) != nil)
                    let last = try #require(try cursor.get(MDB_LAST_DUP))
                    var run = try StreamRuns.Run(last.value)
                    run.count += extra
                    try cursor.deleteCurrent()
                    try run.withValue { try cursor.put(key: key, value: $0, flags: MDB_APPENDDUP) }
                }
            }
        }
    }

    static func lastRun(of stream: String, in path: String) throws -> StreamRuns.Run? {
        let store = try EventStore.open(at: path, mode: .readOnly)
        defer { store.close() }
        return try store.env.read { txn in
            try txn.withCursor(store.layout.streamRuns) { cursor in
                try Array(stream.utf8).withRaw { key in
                    guard try cursor.get(MDB_SET, key: key) != nil, let last = try cursor.get(MDB_LAST_DUP) else { return nil }
                    return try StreamRuns.Run(last.value)
                }
            }
        }
    }
}
