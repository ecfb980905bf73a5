import Foundation
import Testing

/// The folder an import builds its store in (`<store>.importing-<pid>`): gone after SIGTERM or
/// SIGINT, and removed by the next import when the process that left it is gone.
@Suite("Import staging folders")
struct ImportStagingTests {
    let folder = ScratchFolder("staging")

    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalledImportRemovesItsStagingFolder(signal: Int32) async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let export = try OrchestratorProcess.run(["export", "--store", fleet.path])
        try #require(export.exitCode == 0)

        let target = folder.child("target")
        let process = Process()
        process.executableURL = OrchestratorProcess.executable
        process.arguments = ["import", "--store", target]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Half the export, then no end of input: the import waits for more with its store open.
        let lines = export.stdout.split(separator: "\n")
        input.fileHandleForWriting.write(Data((lines.prefix(lines.count / 2).joined(separator: "\n") + "\n").utf8))
        let staging = target + ".importing-\(process.processIdentifier)"
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: staging + "/data.mdb") && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try #require(FileManager.default.fileExists(atPath: staging + "/data.mdb"))

        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signal)
        #expect(!FileManager.default.fileExists(atPath: staging))
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func aLaterImportRemovesTheStagingFolderOfAnImportThatIsGone() async throws {
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let target = folder.child("target")
        let abandoned = target + ".importing-\(finished.processIdentifier)"
        try FileManager.default.createDirectory(atPath: abandoned, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: abandoned + "/data.mdb", contents: Data(count: 4096))
        // A live process's staging folder (this test runner's pid) is left alone, as is another store's.
        let live = target + ".importing-\(getpid())"
        let other = folder.child("other.importing-\(finished.processIdentifier)")
        for path in [live, other] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }

        let outcome = try OrchestratorProcess.run(["import", "--store", target], stdin: "")
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("note: removed target.importing-\(finished.processIdentifier), left by an import that did not finish"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: other))
        #expect(FileManager.default.fileExists(atPath: target + "/data.mdb"))
    }
}
