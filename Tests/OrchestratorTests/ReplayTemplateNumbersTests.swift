import Foundation
import Testing

/// `replay` keeps a scenario's template variables exactly, as the service keeps a request's: the
/// stored registration holds every digit. A number the store could not give back exactly is refused
/// before anything is simulated: exit 65, one line naming the file and the JSON path, no store.
@Suite("orchestrator replay, numbers in template variables")
struct ReplayTemplateNumbersTests {
    let folder = ScratchFolder("replay-template-numbers")

    /// The AWS scenario, its `aws-eu` class's variables given `"big"` as `number` (written as text).
    func scenario(_ name: String, big number: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let source = URL(fileURLWithPath: ReplayTemplateCommandTests.scenario)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        var fleet = object["fleet"] as! [[String: Any]]
        var variables = fleet[0]["variables"] as! [String: Any]
        variables["big"] = "BIG"
        fleet[0]["variables"] = variables
        object["fleet"] = fleet
        let text = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            .replacingOccurrences(of: #""BIG""#, with: number)
        let file = folder.child(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    @Test func aNumberPastADoublesDigitsIsStoredByItsDigits() throws {
        let file = try scenario("big.json", big: "123456789012345678901")
        let store = folder.child("store")
        let replay = try OrchestratorProcess.run(["replay", file, "--scale", "0.01", "--store", store])
        try #require(replay.exitCode == 0, "\(replay.stderr)")
        let audit = try OrchestratorProcess.run([
            "audit", "--store", store, "--cluster", "aws-eu-00001", "--type", "TemplateDeploymentRegistered", "--format", "json",
        ])
        try #require(audit.exitCode == 0, "\(audit.stderr)")
        #expect(audit.stdout.contains(#""big":123456789012345678901"#), "\(audit.stdout)")
    }

    @Test func aNumberTheStoreCannotKeepIsRefusedNamingTheFileAndPath() throws {
        let file = try scenario("unkeepable.json", big: "1.23456789012345678901234567890123456789012")
        let store = folder.child("never")
        let outcome = try OrchestratorProcess.run(["replay", file, "--scale", "0.01", "--store", store])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: \(file): $.fleet[0].variables.big: the number 1.23456789012345678901234567890123456789012 "
            + "cannot be kept exactly (numbers are kept to 38 significant digits, with exponents from -128 to 127); write it as a string\n")
        #expect(!FileManager.default.fileExists(atPath: store))
    }
}
