import EventStore
import Foundation
import Testing

/// `backup` builds its copy in a sibling folder (`<to>.backup-<pid>`) and moves it to `--to` only
/// once complete: a backup killed outright leaves no cut-off copy under `--to` for readers to take
/// for a store, and the next backup to `--to` clears what it left.
@Suite("Backup staging folders")
struct BackupStagingTests {
    let folder = ScratchFolder("backup-staging")

    /// A store of about 60 MB, so a backup takes long enough to be caught in the middle.
    func largeStore() throws -> String {
        let path = folder.child("store")
        let store = try EventStore.open(at: path)
        defer { store.close() }
        let payload = Data("{\"note\":\"\(String(repeating: "x", count: 1500))\"}".utf8)
        for batch in 0..<40 {
            let requests = (0..<1000).map { index in
                AppendRequest(stream: "cluster/\(batch * 1000 + index)", expected: .any, events: [
                    EventData(id: UUID(), type: "LoadTick", recordedAtMs: 1_795_000_000_000, actor: "agent/a", payload: payload),
                ])
            }
            for result in try store.appendNow(requests) { _ = try result.get() }
        }
        return path
    }

    @Test func aBackupKilledMidwayLeavesNothingUnderItsTargetAndTheNextOneSucceeds() async throws {
        let store = try largeStore()
        let target = folder.child("copy")
        let process = Process()
        process.executableURL = OrchestratorProcess.executable
        process.arguments = ["backup", "--store", store, "--to", target]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The copy is under way once its data file in the staging folder has bytes in it. Watched
        // from this thread (stat every 0.2 ms), not through the task scheduler, which other tests
        // may keep busy for longer than the copy takes.
        let staging = target + ".backup-\(process.processIdentifier)"
        let deadline = Date().addingTimeInterval(60)
        var info = stat()
        while process.isRunning && Date() < deadline {
            if stat(staging + "/data.mdb", &info) == 0 && info.st_size > 0 { break }
            usleep(200)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(process.terminationReason == .uncaughtSignal, "the backup finished before it could be killed midway")
        #expect(FileManager.default.fileExists(atPath: staging + "/data.mdb"))
        #expect(!FileManager.default.fileExists(atPath: target), "a cut-off copy was left under --to")

        let again = try OrchestratorProcess.run(["backup", "--store", store, "--to", target])
        #expect(again.exitCode == 0, "\(again.stderr)")
        #expect(again.stdout == "backed up 40000 events from \(store) to \(target)\n")
        #expect(again.stderr == "note: removed copy.backup-\(process.processIdentifier), left by a backup that did not finish\n")
        #expect(!FileManager.default.fileExists(atPath: staging))
        let verified = try OrchestratorProcess.run(["verify", "--store", target])
        #expect(verified.exitCode == 0, "\(verified.stderr)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".backup-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func aFinishedBackupLeavesNoStagingFolder() throws {
        let store = folder.child("small")
        try #require(OrchestratorProcess.run(["demo", "--store", store]).exitCode == 0)
        let target = folder.child("copy")
        let outcome = try OrchestratorProcess.run(["backup", "--store", store, "--to", target])
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["copy", "small"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: target).contains("data.mdb"))
    }
}
