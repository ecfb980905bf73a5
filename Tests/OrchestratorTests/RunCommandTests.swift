import EventStore
import Foundation
import Testing

/// `orchestrator run` refuses bad settings with one line and the documented exit code.
@Suite("orchestrator run settings")
struct RunCommandTests {
    @Test func aMissingConfigFileIsExit66() throws {
        let folder = ScratchFolder("run-config")
        let outcome = try OrchestratorProcess.run(["run", "--store", folder.child("store"), "--config", folder.child("nope.json")])
        #expect(outcome.exitCode == 66)
        #expect(outcome.stderr.hasPrefix("orchestrator: config file"))
        #expect(!FileManager.default.fileExists(atPath: folder.child("store")))
    }

    @Test func anUnreadableConfigIsExit65NamingTheFile() throws {
        let folder = ScratchFolder("run-config-bad")
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder.child("bad.json"), contents: Data(#"{"tokens":[{"name":"x","role":"admin","sha256":"00"}]}"#.utf8))
        let outcome = try OrchestratorProcess.run(["run", "--store", folder.child("store"), "--config", folder.child("bad.json")])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr.hasPrefix("orchestrator: \(folder.child("bad.json")): tokens[0].role: admin is not one of "), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(!outcome.stderr.contains("DecodingError") && !outcome.stderr.contains("Context"), "\(outcome.stderr)")
    }

    @Test func aConfigValueOfTheWrongKindNamesItsJSONPath() throws {
        let folder = ScratchFolder("run-config-kind")
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder.child("bad.json"), contents: Data(#"{"port":"eighty"}"#.utf8))
        let outcome = try OrchestratorProcess.run(["run", "--store", folder.child("store"), "--config", folder.child("bad.json")])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: \(folder.child("bad.json")): port should be a whole number\n", "\(outcome.stderr)")
    }

    @Test func aPortOutOfRangeIsExit64() throws {
        let folder = ScratchFolder("run-port")
        let outcome = try OrchestratorProcess.run(["run", "--store", folder.child("store"), "--port", "70000"])
        #expect(outcome.exitCode == 64)
        #expect(outcome.stderr.contains("70000"))
    }

    @Test func aTLSCertificateThatDoesNotLoadIsExit65() throws {
        let folder = ScratchFolder("run-tls-bad")
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let config = #"{"tls":{"certificateFile":"\#(folder.child("none.pem"))","privateKeyFile":"\#(folder.child("none.key"))"}}"#
        _ = FileManager.default.createFile(atPath: folder.child("tls.json"), contents: Data(config.utf8))
        let outcome = try OrchestratorProcess.run(["run", "--store", folder.child("store"), "--config", folder.child("tls.json"), "--port", "0"])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr.contains("tls"))
        #expect(!FileManager.default.fileExists(atPath: folder.child("store")))
    }
}

/// A history the service cannot fold stops `run` with one line naming the event, not a hang.
@Suite("orchestrator run on a history that does not fold")
struct RunUnfoldableHistoryTests {
    @Test func aRegistrationThatDoesNotDecodeStopsRunNamingItsPosition() async throws {
        let folder = ScratchFolder("run-unfoldable")
        let store = try EventStore.open(at: folder.child("store"))
        let broken = EventData(id: UUID(), type: "ClusterRegistered", recordedAtMs: 1_795_000_000_000, actor: "inventory",
                               payload: Data(#"{"clusterRegistered":"not a registration"}"#.utf8))
        try await store.append(to: "cluster/store-x", expected: .noStream, events: [broken])
        store.close()

        let outcome = try OrchestratorProcess.run(["run", "--store", folder.child("store"), "--port", "0"])
        // A store whose events do not decode is damaged (65), as the other commands say.
        #expect(outcome.exitCode == 65)
        #expect(!outcome.stdout.contains("listening"), "\(outcome.stdout)")
        let lines = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("orchestrator:") }
        #expect(lines.count == 1, "\(outcome.stderr)")
        #expect(lines.first?.hasPrefix("orchestrator: store \(folder.child("store")) is damaged: event at position 1 (ClusterRegistered) does not decode") == true, "\(outcome.stderr)")
        // The server stops quietly: the failure is the one error said, not its cancellation too.
        #expect(!outcome.stderr.contains(" error "), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("CancellationError"), "\(outcome.stderr)")
    }
}
