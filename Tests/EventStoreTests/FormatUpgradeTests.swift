import CLMDB
import Foundation
import Testing
@testable import EventStore

/// A store an older orchestrator wrote (format 1 or 2: one index entry per event in five
/// databases) is rebuilt into format 3 when opened to write, and refused by name when opened
/// read-only.
@Suite("Upgrading a format-1 or format-2 store")
struct FormatUpgradeTests {
    let folder = TemporaryFolder("upgrade")

    /// Turns a current store into what `format` left: the same log and ids, the five older
    /// per-event indexes in place of the runs and posting lists, and the mark only in format 2.
    static func downgrade(_ path: String, to format: UInt64) throws {
        let store = try EventStore.open(at: path, mode: .readWrite)
        defer { store.close() }
        let events = try store.readAll(limit: .max)
        let older = try FormatUpgrade.olderIndexes.map { try store.env.openDatabase($0, flags: StoreLayout.dupFixed, create: true) }
        try store.env.write { txn in
            for event in events {
                try BigEndian.withBytes(event.position) { position in
                    try BigEndian.withBytes(event.revision, event.position) { entry in
                        try event.stream.withUTF8Bytes { try txn.put(older[0], key: $0, value: entry, flags: MDB_APPENDDUP) }
                    }
                    try event.data.type.withUTF8Bytes { try txn.put(older[1], key: $0, value: position, flags: MDB_APPENDDUP) }
                    try event.data.actor.withUTF8Bytes { try txn.put(older[2], key: $0, value: position, flags: MDB_APPENDDUP) }
                    try BigEndian.withBytes(UInt64(bitPattern: event.recordedAtMs) ^ (1 << 63)) { try txn.put(older[3], key: $0, value: position, flags: MDB_APPENDDUP) }
                    if let id = event.data.correlationID {
                        try withUnsafeBytes(of: id.uuid) { try txn.put(older[4], key: $0, value: position, flags: MDB_APPENDDUP) }
                    }
                }
            }
            let layout = store.layout
            for dbi in [layout.streamRuns, layout.byType, layout.byActor, layout.byTime, layout.byCorrelation] { try txn.deleteDatabase(dbi) }
            if format == 1 { try IndexTrail.key.withRaw { try txn.delete(layout.meta, key: $0) } }
            try StoreLayout.formatKey.withRaw { k in try BigEndian.withBytes(format) { try txn.put(layout.meta, key: k, value: $0) } }
        }
    }

    static func format(_ store: EventStore) throws -> UInt64? {
        try store.env.read { txn in try StoreLayout.formatKey.withRaw { try txn.get(store.layout.meta, key: $0).map { BigEndian.uint64($0) } } }
    }

    @Test(arguments: [UInt64(1), 2])
    func anOlderStoreIsRebuiltWhenOpenedToWriteAndRefusedReadOnly(format: UInt64) async throws {
        let written: [RecordedEvent]
        do {
            let store = try EventStore.open(at: folder.path)
            for i in 0..<40 {
                try await store.append(to: "cluster/\(i % 3)", expected: .any, events: [IndexTrailTests.event(i), IndexTrailTests.event(i + 100)])
            }
            written = try store.readAll(limit: .max)
            store.close()
        }
        try Self.downgrade(folder.path, to: format)

        #expect(throws: EventStoreError.olderFormat(path: folder.path, found: UInt32(format), supported: 3)) {
            try EventStore.open(at: folder.path, mode: .readOnly)
        }
        let upgraded = try EventStore.open(at: folder.path, mode: .readWrite)
        #expect(try Self.format(upgraded) == 3)
        #expect(try upgraded.readAll(limit: .max) == written)
        #expect(try IndexTrailTests.indexedThrough(upgraded) == 80)
        try IndexTrailTests.expectReadsMatchTheLog(upgraded)
        for stream in ["cluster/0", "cluster/1", "cluster/2"] {
            #expect(try upgraded.readStream(stream) == written.filter { $0.stream == stream })
        }
        for name in FormatUpgrade.olderIndexes {
            #expect(throws: LMDBError.self, "\(name) is deleted") { try upgraded.env.openDatabase(name, create: false) }
        }
        try await upgraded.append(to: "cluster/0", expected: .any, events: [IndexTrailTests.event(500)])
        upgraded.close()
        let reader = try EventStore.open(at: folder.path, mode: .readOnly)
        #expect(try reader.verify().isSound)
        #expect(try reader.readStream("cluster/0").count == 29)
    }

    @Test func anUpgradeCutShortIsDoneAgainFromTheStart() async throws {
        do {
            let store = try EventStore.open(at: folder.path)
            for i in 0..<30 { try await store.append(to: "cluster/\(i % 2)", expected: .any, events: [IndexTrailTests.event(i)]) }
            store.close()
        }
        try Self.downgrade(folder.path, to: 2)
        // What an upgrade killed before its last transaction leaves: part of the new indexes, the old ones, format 2.
        do {
            let env = try LMDBEnvironment(path: folder.path, readOnly: false, mapSize: 64 << 20, maxDatabases: StoreLayout.databaseCount)
            let layout = try StoreLayout.open(in: env, create: true)
            try env.write { txn in
                try "cluster/0".withUTF8Bytes { key in
                    try StreamRuns.Run(firstRevision: 0, firstPosition: 1, count: 1).withValue { try txn.put(layout.streamRuns, key: key, value: $0) }
                }
                try "NodeDrained".withUTF8Bytes { try PostingList.append([PostingList.Entry(position: 1)], key: $0, dbi: layout.byType, timed: false, txn: txn) }
            }
        }
        let upgraded = try EventStore.open(at: folder.path, mode: .readWrite)
        #expect(try Self.format(upgraded) == 3)
        try IndexTrailTests.expectReadsMatchTheLog(upgraded)
    }
}
