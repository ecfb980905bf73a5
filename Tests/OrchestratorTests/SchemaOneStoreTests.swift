import Foundation
import Testing

/// A history exported by the build before schema 2 (a service session) imports, verifies, and
/// reads in schema 2, while `export` gives it back as it was stored.
@Suite("A store of schema 1 events")
struct SchemaOneStoreTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("EngineTests/Fixtures/schema1-service.ndjson").path

    @Test func importsVerifiesAndReadsInTheCurrentShapes() throws {
        let folder = NSTemporaryDirectory() + "orchestrator-schema1-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = folder + "/store"
        let imported = try OrchestratorProcess.run(["import", "--store", store], stdinFile: Self.fixture)
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        let verified = try OrchestratorProcess.run(["verify", "--store", store])
        #expect(verified.exitCode == 0, "\(verified.stderr)")

        let audit = try OrchestratorProcess.run(["audit", "--store", store, "--format", "ndjson", "--limit", "1000"])
        #expect(audit.exitCode == 0, "\(audit.stderr)")
        for legacy in [#""_0""#, #""rawValue""#, #""millisecondsSinceEpoch""#, #"{"nodeStepSucceeded""#] {
            #expect(!audit.stdout.contains(legacy), "\(legacy)")
        }
        let succeeded = try #require(audit.stdout.split(separator: "\n").first { $0.contains(#""type":"NodeStepSucceeded""#) })
        let row = try #require(try JSONSerialization.jsonObject(with: Data(succeeded.utf8)) as? [String: Any])
        let data = try #require(row["data"] as? [String: Any])
        #expect(data["node"] is String && data["at"] is NSNumber && data["upgrade"] is NSNumber, "\(data)")

        let table = try OrchestratorProcess.run(["audit", "--store", store, "--cluster", "store-a"])
        #expect(table.exitCode == 0, "\(table.stderr)")
        let header = try #require(table.stdout.split(separator: "\n").first)
        #expect(header.hasSuffix(" WHAT"), "\(header)")
        #expect(table.stdout.contains(" succeeded\n") && table.stdout.contains(", try 1\n"), "the WHAT column reads the old events: \(table.stdout)")
        let profiles = try OrchestratorProcess.run(["audit", "--store", store, "--type", "ProfileVersionPublished", "--limit", "1"])
        #expect(profiles.stdout.contains(" edge 1.0.0 (k3s), 3 packs\n"), "\(profiles.stdout)")

        let state = try OrchestratorProcess.run(["state", "--store", store, "--cluster", "store-a"])
        #expect(state.exitCode == 0, "\(state.stderr)")

        let exported = try OrchestratorProcess.run(["export", "--store", store])
        #expect(exported.stdout == (try String(contentsOfFile: Self.fixture, encoding: .utf8)), "export gives the events back as stored")
    }
}

extension SchemaOneStoreTests {
    @Test func importIntoAFolderThatIsNotEmptyExits73NamingIt() throws {
        let folder = NSTemporaryDirectory() + "orchestrator-import-busy-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder + "/notes.txt", contents: Data("mine".utf8))
        let outcome = try OrchestratorProcess.run(["import", "--store", folder], stdinFile: Self.fixture)
        #expect(outcome.exitCode == 73)
        #expect(outcome.stderr == "orchestrator: import needs a new or empty folder, and \(folder) is not empty\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["notes.txt"])
    }
}
