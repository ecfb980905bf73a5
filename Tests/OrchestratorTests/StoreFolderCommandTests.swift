@testable import EventStore
import Foundation
import Testing
import TestSupport

/// Bad store folders on the command line: one line naming the folder and what to do, the
/// documented exit code, and nothing written.
@Suite("Store folders on the command line")
struct StoreFolderCommandTests {
    let folder = ScratchFolder("folders")

    static func oneLine(_ outcome: OrchestratorProcess.Outcome, naming path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(outcome.stderr.hasPrefix("orchestrator: "), sourceLocation: sourceLocation)
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(path), "\(outcome.stderr)", sourceLocation: sourceLocation)
    }

    /// Everything under `path`, relative, sorted.
    static func contents(_ path: String) -> [String] {
        (FileManager.default.subpaths(atPath: path) ?? []).sorted()
    }

    @Test(arguments: [["verify"], ["audit"], ["export"], ["state", "--cluster", "a"], ["run"], ["import"]])
    func aFolderOfOtherFilesIsRefusedAndLeftAsItWas(command: [String]) throws {
        let other = folder.child("other")
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: other + "/notes.txt", contents: Data("keep me".utf8))
        let outcome = try OrchestratorProcess.run([command[0], "--store", other] + command.dropFirst(), stdin: "")
        // A store to read is bad input (65); a folder to import into that is taken cannot be written (73).
        #expect(outcome.exitCode == (command == ["import"] ? 73 : 65))
        Self.oneLine(outcome, naming: other)
        #expect(Self.contents(other) == ["notes.txt"])
    }

    @Test(arguments: [["verify"], ["audit"], ["export"], ["state", "--cluster", "a"], ["backup", "--to", "/tmp/unused-backup-target"]])
    func anEmptyFolderIsNoStoreToRead(command: [String]) throws {
        let empty = folder.child("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let outcome = try OrchestratorProcess.run([command[0], "--store", empty] + command.dropFirst())
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: \(empty) holds no orchestrator event store (the folder is empty); point --store at an existing store folder\n")
        #expect(Self.contents(empty).isEmpty)
    }

    /// A store readable but not writable by this user: LMDB readers need write access to lock.mdb,
    /// and the line says exactly that (run as nobody through setpriv; needs root).
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")),
          arguments: [["verify"], ["audit"], ["export"], ["state", "--cluster", "store-0001"]])
    func aStoreThisUserCannotLockSaysWhatToGrant(command: [String]) async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("owned"))
        for path in [folder.path, fleet.path] { chmod(path, 0o755) }
        for file in ["data.mdb", "lock.mdb"] { chmod(fleet.path + "/" + file, 0o644) }
        let outcome = try OrchestratorProcess.run(
            ["--reuid", "65534", "--regid", "65534", "--clear-groups", OrchestratorProcess.executable.path, command[0], "--store", fleet.path] + command.dropFirst(),
            executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
        #expect(outcome.exitCode == 77)
        #expect(outcome.stderr == "orchestrator: cannot read store \(fleet.path): permission denied; a reader needs read access to \(fleet.path)/data.mdb and write access to \(fleet.path)/lock.mdb (LMDB records its readers there): grant them to this user (e.g. a group both share) or run as the store's owner\n")
        // What the line says to grant is enough.
        chmod(fleet.path + "/lock.mdb", 0o666)
        let granted = try OrchestratorProcess.run(
            ["--reuid", "65534", "--regid", "65534", "--clear-groups", OrchestratorProcess.executable.path, command[0], "--store", fleet.path] + command.dropFirst(),
            executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
        #expect(granted.exitCode == 0, "\(granted.stderr)")
    }

    @Test func aStoreOfANewerFormatIsRefusedByEveryReader() throws {
        let path = folder.child("newer")
        do {
            let store = try EventStore.open(at: path)
            try store.env.write { txn in
                try Array("format".utf8).withRaw { k in try BigEndian.bytes(99).withRaw { try txn.put(store.layout.meta, key: k, value: $0) } }
            }
            store.close()
        }
        for command in [["verify"], ["audit"], ["export"], ["run"]] {
            let outcome = try OrchestratorProcess.run([command[0], "--store", path] + command.dropFirst())
            #expect(outcome.exitCode == 65, "\(command)")
            Self.oneLine(outcome, naming: path)
            #expect(outcome.stderr.contains("format 99, newer than this orchestrator reads"), "\(outcome.stderr)")
        }
    }

    @Test func aBackupIntoAFolderInUseNamesThatFolder() throws {
        let store = folder.child("store")
        try #require(OrchestratorProcess.run(["demo", "--store", store]).exitCode == 0)
        let target = folder.child("taken")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: target + "/notes.txt", contents: Data("keep me".utf8))
        let outcome = try OrchestratorProcess.run(["backup", "--store", store, "--to", target])
        // The store is fine; the target cannot take the copy (as for import).
        #expect(outcome.exitCode == 73)
        Self.oneLine(outcome, naming: target)
        #expect(outcome.stderr.contains("--to") && outcome.stderr.contains("it holds other files"), "\(outcome.stderr)")
        #expect(Self.contents(target) == ["notes.txt"])
        for (path, reason) in [(target + "/notes.txt", "it is a file"), (store, "it holds a store already")] {
            let refused = try OrchestratorProcess.run(["backup", "--store", store, "--to", path])
            #expect(refused.exitCode == 73)
            #expect(refused.stderr.contains(reason), "\(refused.stderr)")
        }
    }

    @Test(.enabled(if: TinyFileSystem.canMount))
    func aBackupThatFillsTheDiskExits74AndLeavesNothing() async throws {
        _ = try await largeExport()
        let disk = try TinyFileSystem(megabytes: 4)
        defer { disk.unmount() }
        let outcome = try OrchestratorProcess.run(["backup", "--store", folder.child("large"), "--to", disk.path + "/copy"])
        #expect(outcome.exitCode == 74)
        Self.oneLine(outcome, naming: disk.path + "/copy")
        #expect(Self.contents(disk.path).isEmpty, "left behind: \(Self.contents(disk.path))")
    }

    /// An export of about 6 MB: more than the small disks below hold.
    func largeExport() async throws -> String {
        let source = folder.child("large")
        let store = try EventStore.open(at: source)
        let payload = Data("{\"note\":\"\(String(repeating: "x", count: 1500))\"}".utf8)
        for batch in 0..<400 {
            let events = (0..<10).map { _ in EventData(id: UUID(), type: "LoadTick", recordedAtMs: 1_795_000_000_000, actor: "agent/a", payload: payload) }
            try await store.append(to: "cluster/\(batch % 7)", expected: .any, events: events)
        }
        store.close()
        let exported = folder.child("large.ndjson")
        let outcome = try OrchestratorProcess.run(["export", "--store", source])
        try #require(outcome.exitCode == 0)
        _ = FileManager.default.createFile(atPath: exported, contents: outcome.stdoutData)
        return exported
    }

    @Test(.enabled(if: TinyFileSystem.canMount))
    func anImportThatFillsTheDiskExits74AndLeavesNothing() async throws {
        let exported = try await largeExport()
        let disk = try TinyFileSystem(megabytes: 4)
        defer { disk.unmount() }
        let path = disk.path + "/store"
        let outcome = try OrchestratorProcess.run(["import", "--store", path], stdinFile: exported)
        #expect(outcome.exitCode == 74)
        Self.oneLine(outcome, naming: "store \(path): ")
        #expect(outcome.stderr.contains("disk is full"), "\(outcome.stderr)")
        #expect(Self.contents(disk.path).isEmpty, "left behind: \(Self.contents(disk.path))")
    }

    @Test(.enabled(if: TinyFileSystem.canMount))
    func aReadOnlyDiskRefusesWritersWith77AndServesReaders() throws {
        let disk = try TinyFileSystem(megabytes: 4)
        defer { disk.unmount() }
        let path = disk.path + "/store"
        try #require(OrchestratorProcess.run(["demo", "--store", path]).exitCode == 0)
        try disk.remountReadOnly()
        let run = try OrchestratorProcess.run(["run", "--store", path, "--port", "0"])
        #expect(run.exitCode == 77)
        Self.oneLine(run, naming: path)
        let fresh = disk.path + "/fresh"
        let imported = try OrchestratorProcess.run(["import", "--store", fresh], stdin: "")
        #expect(imported.exitCode == 77)
        Self.oneLine(imported, naming: "store \(fresh): ")
        #expect(try OrchestratorProcess.run(["verify", "--store", path]).exitCode == 0)
        #expect(try OrchestratorProcess.run(["audit", "--store", path, "--limit", "1"]).exitCode == 0)
    }
}
