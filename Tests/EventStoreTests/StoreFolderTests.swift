@testable import EventStore
import Foundation
import Testing

@Suite("Opening store folders")
struct StoreFolderTests {
    let folder = TemporaryFolder()

    @Test func readingAMissingFolderFailsAndCreatesNothing() throws {
        #expect(throws: EventStoreError.missingStore(path: folder.path)) {
            try EventStore.open(at: folder.path, mode: .readOnly)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test func aFolderWithOtherFilesIsNotTakenForAStore() throws {
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder.child("notes.txt"), contents: Data("hi".utf8))
        #expect(throws: EventStoreError.notAStore(path: folder.path, why: "it holds other files and no data.mdb")) {
            try EventStore.open(at: folder.path, mode: .create)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.child("data.mdb")))
    }

    @Test(arguments: [EventStore.OpenMode.readOnly, .readWrite, .create])
    func aDataFileCutShortOfItsPagesIsDamagedAndNeverMapped(mode: EventStore.OpenMode) async throws {
        do {
            let store = try EventStore.open(at: folder.path)
            for i in 0..<200 {
                try await store.append(to: "cluster/\(i % 7)", expected: .any, events: [SampleEvents.event(payload: "{\"n\":\"\(String(repeating: "x", count: 900))\"}")])
            }
            store.close()
        }
        let reach = try EventStore.open(at: folder.path, mode: .readOnly).env.pagesInUseBytes
        let cut = reach - 4096
        #expect(truncate(folder.child("data.mdb"), off_t(cut)) == 0)
        #expect(throws: EventStoreError.corrupt(path: folder.path, detail: "data.mdb is \(cut) bytes, its pages reach \(reach)")) {
            try EventStore.open(at: folder.path, mode: mode)
        }
    }

    @Test(arguments: [EventStore.OpenMode.readOnly, .readWrite, .create])
    func anEmptyDataFileIsNoStoreAndIsLeftEmpty(mode: EventStore.OpenMode) throws {
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder.child("data.mdb"), contents: Data())
        #expect(throws: EventStoreError.notAStore(path: folder.path, why: "data.mdb is empty")) {
            try EventStore.open(at: folder.path, mode: mode)
        }
        #expect(try FileManager.default.attributesOfItem(atPath: folder.child("data.mdb"))[.size] as? NSNumber == 0)
    }

    @Test func aFileThatIsNotLMDBIsNamed() throws {
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder.child("data.mdb"), contents: Data(repeating: 7, count: 16384))
        #expect(throws: EventStoreError.notAStore(path: folder.path, why: "data.mdb is not an LMDB file")) {
            try EventStore.open(at: folder.path, mode: .readWrite)
        }
    }

    @Test func anLMDBFileOfSomeoneElseIsNotOurs() throws {
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let env = try LMDBEnvironment(path: folder.path, readOnly: false, mapSize: 1 << 20, maxDatabases: 2)
        let other = try env.openDatabase("other", create: true)
        try env.write { txn in try [UInt8(1)].withRaw { k in try [UInt8(2)].withRaw { try txn.put(other, key: k, value: $0) } } }
        #expect(throws: EventStoreError.notAStore(path: folder.path, why: "data.mdb holds no orchestrator databases")) {
            try EventStore.open(at: folder.path, mode: .readWrite)
        }
    }

    @Test func aStoreOfANewerFormatIsRefusedByName() throws {
        do {
            let store = try EventStore.open(at: folder.path)
            try store.env.write { txn in
                try Array("format".utf8).withRaw { k in try BigEndian.bytes(99).withRaw { try txn.put(store.layout.meta, key: k, value: $0) } }
            }
            store.close()
        }
        #expect(throws: EventStoreError.newerFormat(path: folder.path, found: 99, supported: StoreLayout.format)) {
            try EventStore.open(at: folder.path, mode: .readOnly)
        }
    }

    @Test func errorsReadAsOneLineNamingTheFolder() {
        let errors: [EventStoreError] = [
            .missingStore(path: "/srv/x"), .notAStore(path: "/srv/x", why: "why"),
            .newerFormat(path: "/srv/x", found: 2, supported: 1), .permissionDenied(path: "/srv/x", operation: "write to"),
            .diskFull(path: "/srv/x"),
        ]
        for error in errors {
            #expect(error.description.contains("/srv/x"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func aReaderInAnotherHandleSeesWhatTheWriterCommits() async throws {
        let writer = try EventStore.open(at: folder.path)
        try await writer.append(to: "cluster/a", expected: .any, events: SampleEvents.events(2))
        let reader = try EventStore.open(at: folder.path, mode: .readOnly)
        #expect(try reader.lastPosition() == 2)
        try await writer.append(to: "cluster/a", expected: .any, events: SampleEvents.events(1))
        #expect(try reader.lastPosition() == 3)
        await #expect(throws: EventStoreError.self) {
            try await reader.append(to: "cluster/a", expected: .any, events: SampleEvents.events(1))
        }
    }
}
