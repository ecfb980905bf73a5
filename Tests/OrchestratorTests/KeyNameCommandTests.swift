import EventStore
import Foundation
import Testing

/// Types, actors and streams the store cannot hold as keys (empty, over 400 bytes) are refused at
/// the command line with a line naming the flag or the import line, never passed on to LMDB.
@Suite("Unstorable names on the command line")
struct KeyNameCommandTests {
    let folder = ScratchFolder("keyname")
    static let long = String(repeating: "T", count: 600)

    func demoStore() throws -> String {
        let store = folder.child("store")
        try #require(OrchestratorProcess.run(["demo", "--store", store]).exitCode == 0)
        return store
    }

    @Test(arguments: [
        (["--type", ""], "--type is empty"),
        (["--type", "UpgradeDone", "--type", long], "--type is 600 bytes long"),
        (["--actor", ""], "--actor is empty"),
        (["--actor", long], "--actor is 600 bytes long"),
        (["--cluster", long], "--cluster: its stream, cluster/ID, is 608 bytes long"),
    ])
    func anUnstorableAuditFilterIsAUsageError(flags: [String], message: String) throws {
        let store = try demoStore()
        let outcome = try OrchestratorProcess.run(["audit", "--store", store] + flags)
        #expect(outcome.exitCode == 64)
        #expect(outcome.stderr.hasPrefix("orchestrator: \(message)"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(!outcome.stderr.contains("mdb_"))
    }

    @Test(arguments: [
        ("\"type\":", "\"\"", "type is empty"),
        ("\"actor\":", "\"\"", "actor is empty"),
        ("\"type\":", "\"\(long)\"", "type is 600 bytes long"),
        ("\"stream\":", "\"cluster/\(long)\"", "stream is 608 bytes long"),
    ])
    func anImportLineWithAnUnstorableNameIsADataErrorNamingTheLine(field: String, value: String, message: String) throws {
        let store = try demoStore()
        var lines = try OrchestratorProcess.run(["export", "--store", store]).stdout.split(separator: "\n").map(String.init)
        let pattern = try Regex(field + #""[^"]*""#)
        lines[0] = lines[0].replacing(pattern, with: field + value, maxReplacements: 1)
        let target = folder.child("target")
        let outcome = try OrchestratorProcess.run(["import", "--store", target], stdin: lines.joined(separator: "\n"))
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr.hasPrefix("orchestrator: stdin line 1: \(message)"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target))
    }
}
