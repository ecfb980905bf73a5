import Foundation
import Testing

@Suite("orchestrator replay")
struct ReplayCommandTests {
    let folder = ScratchFolder("replay")

    static var scenarios: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios").path
    }

    @Test func twoReplaysWithTheSameSeedExportTheSameBytes() throws {
        let scenario = Self.scenarios + "/factory-k3s-config-change.json"
        var exports: [Data] = []
        var summaries: [String] = []
        for run in 0..<2 {
            let store = folder.child("store-\(run)")
            let replay = try OrchestratorProcess.run(["replay", scenario, "--scale", "0.02", "--seed", "42", "--store", store])
            #expect(replay.exitCode == 0, "\(replay.stderr)")
            summaries.append(replay.stdout.split(separator: "\n").filter { !$0.hasPrefix("store:") }.joined(separator: "\n"))
            exports.append(try OrchestratorProcess.run(["export", "--store", store]).stdoutData)
            #expect(try OrchestratorProcess.run(["verify", "--store", store]).exitCode == 0)
        }
        #expect(exports[0] == exports[1])
        #expect(exports[0].count > 10_000)
        // Engine-recorded payloads are canonical JSON, so the export shows them as readable data.
        #expect(!String(decoding: exports[0], as: UTF8.self).contains("payloadBase64"))
        #expect(summaries[0] == summaries[1])
        #expect(summaries[0].contains("makespan:"))
        let assigned = try OrchestratorProcess.run(["audit", "--store", folder.child("store-0"), "--type", "ClustersAssigned"])
        #expect(assigned.stdout.contains(" clusters assigned factory 3.3.0\n"), "the audit table says what the replay assigned: \(assigned.stdout)")
        #expect(summaries[0].contains("clusters by behaviour: service-restart"))
    }

    @Test func theReportAndThePageAreWritten() throws {
        let report = folder.child("report.json"), page = folder.child("page.html")
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let replay = try OrchestratorProcess.run([
            "replay", Self.scenarios + "/mixed-repave-approval-waves.json", "--scale", "0.05", "--report", report, "--html", page,
        ])
        #expect(replay.exitCode == 0, "\(replay.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == json["clusters"] as? Int)
        #expect(json["halt"] is String)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(html.contains("Cluster upgrades by wave"))
        #expect(!html.contains("<script"))
    }

    @Test func aBadScenarioIsOneLineNamingThePathExit65AndNoStore() throws {
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let original = try String(contentsOfFile: Self.scenarios + "/factory-k3s-config-change.json", encoding: .utf8)
        let broken = folder.child("broken.json")
        try original.replacingOccurrences(of: "\"maxUnavailable\": 2", with: "\"maxUnavailable\": 0")
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let store = folder.child("never")
        let outcome = try OrchestratorProcess.run(["replay", broken, "--store", store])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: \(broken): $.fleet[0].maxUnavailable: maxUnavailable 0 with maxSurge 0 can never make progress\n")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test func aMissingScenarioFileIsOneLineExit66() throws {
        let missing = folder.child("nothing.json")
        let outcome = try OrchestratorProcess.run(["replay", missing])
        #expect(outcome.exitCode == 66)
        #expect(outcome.stderr == "orchestrator: \(missing): cannot read the file: it does not exist\n")
    }

    /// Every output path is checked before anything is simulated: one line naming the flag, exit 73,
    /// and no store (so a re-run is not blocked by one).
    @Test(arguments: [
        ("--report", "nodir/x.json", "--report {folder}/nodir/x.json: the folder {folder}/nodir does not exist"),
        ("--html", "nodir/x.html", "--html {folder}/nodir/x.html: the folder {folder}/nodir does not exist"),
        ("--html", "", "--html {folder}/: is a folder; give a file path"),
        ("--report", "", "--report {folder}/: is a folder; give a file path"),
    ])
    func anOutputPathThatCannotBeWrittenFailsBeforeTheReplay(flag: String, path: String, message: String) throws {
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let store = folder.child("rr1")
        let outcome = try OrchestratorProcess.run([
            "replay", Self.scenarios + "/factory-k3s-config-change.json", "--scale", "0.01", "--store", store, flag, folder.child(path),
        ])
        #expect(outcome.exitCode == 73)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "orchestrator: " + message.replacingOccurrences(of: "{folder}", with: folder.path) + "\n")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test func aStoreThatHoldsEventsIsRefused() throws {
        let store = folder.child("used")
        #expect(try OrchestratorProcess.run(["demo", "--store", store]).exitCode == 0)
        let outcome = try OrchestratorProcess.run(["replay", Self.scenarios + "/factory-k3s-config-change.json", "--scale", "0.01", "--store", store])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr.contains("already holds events"))
    }
}

@Suite("orchestrator replay --from-store")
struct CounterfactualCommandTests {
    let folder = ScratchFolder("counterfactual")

    @Test func aRecordedRolloutReRunsUnderAnotherPolicy() throws {
        let store = folder.child("recorded")
        #expect(try OrchestratorProcess.run(["replay", ReplayCommandTests.scenarios + "/factory-k3s-config-change.json", "--scale", "0.02", "--store", store]).exitCode == 0)
        let policy = folder.child("policy.json")
        try #"{"maxConcurrentClusters": 5, "maxUnavailable": 4}"#.write(toFile: policy, atomically: true, encoding: .utf8)
        let outcome = try OrchestratorProcess.run(["replay", "--from-store", store, "--policy", policy])
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "counterfactual:        24 recorded clusters under \(policy)")
        #expect(lines[1].hasPrefix("recorded makespan:"))
        #expect(lines[2].hasPrefix("with this policy:"))
    }

    @Test func aBadPolicyNamesTheJSONPath() throws {
        let store = folder.child("recorded")
        #expect(try OrchestratorProcess.run(["replay", ReplayCommandTests.scenarios + "/factory-k3s-config-change.json", "--scale", "0.01", "--store", store]).exitCode == 0)
        let policy = folder.child("policy.json")
        try #"{"maxUnavailable": "half"}"#.write(toFile: policy, atomically: true, encoding: .utf8)
        let outcome = try OrchestratorProcess.run(["replay", "--from-store", store, "--policy", policy])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: \(policy): $.maxUnavailable: expected an integer or a percentage like \"25%\", got 'half'\n")
    }

    @Test func anUnknownPolicyKeyNamesEveryKeyAPolicyFileTakes() throws {
        let store = folder.child("recorded")
        #expect(try OrchestratorProcess.run(["replay", ReplayCommandTests.scenarios + "/factory-k3s-config-change.json", "--scale", "0.01", "--store", store]).exitCode == 0)
        let policy = folder.child("policy.json")
        try #"{"maxUnavaliable": 2}"#.write(toFile: policy, atomically: true, encoding: .utf8)
        let outcome = try OrchestratorProcess.run(["replay", "--from-store", store, "--policy", policy])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr.hasPrefix("orchestrator: \(policy): $.maxUnavaliable: unknown key (expected one of: "), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("maxSurge") && outcome.stderr.contains("maxUnavailable,"), "\(outcome.stderr)")
    }

    @Test func aMissingPolicyFileIsOneLineExit66() throws {
        let store = folder.child("recorded")
        #expect(try OrchestratorProcess.run(["replay", ReplayCommandTests.scenarios + "/factory-k3s-config-change.json", "--scale", "0.01", "--store", store]).exitCode == 0)
        let policy = folder.child("nothing.json")
        let outcome = try OrchestratorProcess.run(["replay", "--from-store", store, "--policy", policy])
        #expect(outcome.exitCode == 66)
        #expect(outcome.stderr == "orchestrator: \(policy): cannot read the file: it does not exist\n")
    }

    @Test(arguments: [["replay", "--from-store", "/tmp/x"], ["replay", "a.json", "--policy", "p.json"], ["replay"]])
    func incompleteFlagsAreAUsageError(arguments: [String]) throws {
        let outcome = try OrchestratorProcess.run(arguments)
        #expect(outcome.exitCode == 64)
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }
}
