import Foundation
import Testing

@Suite("orchestrator replay, template deployments")
struct ReplayTemplateCommandTests {
    let folder = ScratchFolder("replay-template")

    static var scenario: String { ReplayCommandTests.scenarios + "/aws-template-upgrade.json" }

    @Test func twoReplaysOfTheAWSScenarioExportTheSameBytes() throws {
        var exports: [Data] = []
        var reports: [Data] = []
        var summaries: [String] = []
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        for run in 0..<2 {
            let store = folder.child("store-\(run)"), report = folder.child("report-\(run).json")
            let replay = try OrchestratorProcess.run(["replay", Self.scenario, "--scale", "0.01", "--seed", "5", "--store", store, "--report", report])
            #expect(replay.exitCode == 0, "\(replay.stderr)")
            summaries.append(replay.stdout.split(separator: "\n").filter { !$0.hasPrefix("store:") }.joined(separator: "\n"))
            exports.append(try OrchestratorProcess.run(["export", "--store", store]).stdoutData)
            reports.append(try Data(contentsOf: URL(fileURLWithPath: report)))
            #expect(try OrchestratorProcess.run(["verify", "--store", store]).exitCode == 0)
        }
        #expect(exports[0] == exports[1])
        #expect(reports[0] == reports[1])
        #expect(summaries[0] == summaries[1])
        #expect(summaries[0].contains("clusters by behaviour: template"))
        #expect(summaries[0].contains("template deployments:"))
        let export = String(decoding: exports[0], as: UTF8.self)
        #expect(export.contains("\"type\":\"TemplateUpgradeSucceeded\""))
        #expect(export.contains("\"type\":\"UpgradeTelemetryRecorded\""))
        #expect(export.contains("\"type\":\"TemplateCommandRefused\""))
        #expect(export.contains("\"stream\":\"cluster/aws-eu-00001\""))
    }

    /// A template upgrade's id is found through `audit --format ndjson` (`correlationId`); `audit timeline`
    /// covers edge upgrades and says so for it, pointing at `audit --upgrade`, which lists its events.
    @Test func aTemplateUpgradeIsFoundByItsCorrelationIDAndTimelineSaysItIsNotAnEdgeUpgrade() throws {
        let store = folder.child("store")
        try #require(OrchestratorProcess.run(["replay", Self.scenario, "--scale", "0.01", "--store", store]).exitCode == 0)
        let started = try OrchestratorProcess.run(["audit", "--store", store, "--type", "TemplateUpgradeStarted", "--limit", "1", "--format", "ndjson"])
        let object = try #require(try JSONSerialization.jsonObject(with: started.stdoutData) as? [String: Any])
        #expect(UUID(uuidString: object["id"] as? String ?? "") != nil)
        let upgrade = try #require(object["correlationId"] as? String)
        let stream = try #require(object["stream"] as? String)

        let timeline = try OrchestratorProcess.run(["audit", "timeline", "--store", store, "--upgrade", upgrade])
        #expect(timeline.exitCode == 64)
        #expect(timeline.stdout.isEmpty)
        #expect(timeline.stderr.hasPrefix("orchestrator: --upgrade \(upgrade): audit timeline covers edge upgrades only, and this is not one ("), "\(timeline.stderr)")
        #expect(timeline.stderr.contains("of cluster \(stream.dropFirst("cluster/".count)), none an edge upgrade event); list them with `orchestrator audit --store \(store) --upgrade \(upgrade)`"))
        #expect(timeline.stderr.split(separator: "\n").count == 1)

        // Named as CLUSTER#N, the deployment's upgrade is not an edge upgrade either.
        let cluster = stream.dropFirst("cluster/".count)
        let numbered = try OrchestratorProcess.run(["audit", "timeline", "--store", store, "--upgrade", "\(cluster)#1"])
        #expect(numbered.exitCode == 64, "\(numbered.stderr)")
        #expect(numbered.stderr.contains("audit timeline covers edge upgrades only, and \(cluster) is a template-based deployment"), "\(numbered.stderr)")

        let events = try OrchestratorProcess.run(["audit", "--store", store, "--upgrade", upgrade, "--format", "ndjson"])
        let lines = events.stdout.split(separator: "\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.contains("\"correlationId\":\"\(upgrade)\"") })
    }

    static let euClass = "\"template\": \"aws-standalone-cp-1-0-14\",\n      \"infrastructure\": \"aws\",\n      \"variables\": {\n        \"region\": \"eu-west-1\""

    @Test(arguments: [
        (euClass.replacingOccurrences(of: "1-0-14", with: "1-0-99"), "$.fleet[0].template: template 'aws-standalone-cp-1-0-99' is not defined in $.templates"),
        (euClass.replacingOccurrences(of: "\"template\": \"aws-standalone-cp-1-0-14\",\n      ", with: ""), "$.fleet[0].template: missing"),
    ])
    func aBadTemplateScenarioIsOneLineNamingThePathExit65AndNoStore(replacement: String, message: String) throws {
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let text = try String(contentsOfFile: Self.scenario, encoding: .utf8)
        #expect(text.contains(Self.euClass))
        let broken = folder.child("broken.json")
        try text.replacingOccurrences(of: Self.euClass, with: replacement).write(toFile: broken, atomically: true, encoding: .utf8)
        let store = folder.child("never")
        let outcome = try OrchestratorProcess.run(["replay", broken, "--store", store])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: \(broken): \(message)\n")
        #expect(!FileManager.default.fileExists(atPath: store))
    }
}
