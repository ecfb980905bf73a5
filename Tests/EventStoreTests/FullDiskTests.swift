import EventStore
import Foundation
import Testing
import TestSupport

/// A small tmpfs stands in for a full disk and a read-only file system. Mounting needs root (as in
/// CI); elsewhere these tests are reported as skipped, not passed.
@Suite("Full and read-only disks", .enabled(if: TinyFileSystem.canMount))
struct FullDiskTests {
    @Test func aFullDiskRefusesAppendsCleanlyAndRecoversWhenSpaceIsFreed() async throws {
        let disk = try TinyFileSystem(megabytes: 4)
        defer { disk.unmount() }
        let store = try EventStore.open(at: disk.path + "/store", initialMapSize: 256 << 10)
        let filler = disk.path + "/filler"
        _ = FileManager.default.createFile(atPath: filler, contents: Data(count: 3 << 20))

        var acknowledged: [AppendResult] = []
        var refusal: EventStoreError?
        let payload = String(repeating: "x", count: 1500)
        for batch in 0..<2000 {
            do {
                acknowledged.append(try await store.append(to: "cluster/\(batch % 7)", expected: .any,
                                                           events: (0..<10).map { _ in SampleEvents.event(payload: payload) }))
            } catch {
                refusal = error
                break
            }
        }
        #expect(refusal == .diskFull(path: disk.path + "/store"))
        #expect(!acknowledged.isEmpty)
        #expect(try store.verify().isSound)
        #expect(try store.lastPosition() == acknowledged.last!.lastPosition)

        try FileManager.default.removeItem(atPath: filler)
        let after = try await store.append(to: "cluster/after", expected: .noStream, events: [SampleEvents.event()])
        #expect(after.firstPosition == acknowledged.last!.lastPosition + 1)
        #expect(try store.verify().isSound)
    }

    @Test func aReadOnlyFileSystemIsNamedAndReadsStillWork() async throws {
        let disk = try TinyFileSystem(megabytes: 4)
        defer { disk.unmount() }
        let path = disk.path + "/store"
        do {
            let store = try EventStore.open(at: path)
            try await store.append(to: "cluster/a", expected: .any, events: SampleEvents.events(3))
            store.close()
        }
        try disk.remountReadOnly()
        #expect(throws: EventStoreError.permissionDenied(path: path, operation: "write to")) {
            try EventStore.open(at: path, mode: .readWrite)
        }
        let reader = try EventStore.open(at: path, mode: .readOnly)
        #expect(try reader.readStream("cluster/a").count == 3)
    }
}
