import Engine
import Foundation
import Testing

/// An edge event whose data names its upgrade (its acceptance, each node step, its end) carries
/// that upgrade's id as its correlation id; import refuses a line where the id is missing or
/// another, which would leave the event out of `audit --upgrade` and `audit timeline` (ADR 0026).
@Suite("Import checks the correlation id an event's data names")
struct ImportCorrelationTests {
    let folder = ScratchFolder("import-correlation")
    static var correlation: Regex<AnyRegexOutput> { try! Regex(#","correlationId":"[0-9a-f-]+""#) }

    /// The fleet's export, and the number of the first line of `type` on store-0001's stream.
    func export(firstOf type: String) async throws -> (lines: [String], index: Int) {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let lines = try OrchestratorProcess.run(["export", "--store", fleet.path]).stdout.split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex { $0.contains(#""stream":"cluster/store-0001""#) && $0.contains(#""type":"\#(type)""#) })
        return (lines, index)
    }

    func importing(_ lines: [String]) throws -> OrchestratorProcess.Outcome {
        try OrchestratorProcess.run(["import", "--store", folder.child("imported")], stdin: lines.joined(separator: "\n"))
    }

    @Test(arguments: ["ProfileChangeAccepted", "NodeStepStarted", "NodeStepSucceeded", "NodeStepFailed", "UpgradeSucceeded"])
    func aLineWithoutItsUpgradesIdIsRefusedNamingIt(type: String) async throws {
        var (lines, index) = try await export(firstOf: type)
        let id = StableID.upgrade(cluster: "store-0001", number: 1).uuidString.lowercased()
        #expect(lines[index].contains(#""correlationId":"\#(id)""#))
        lines[index] = lines[index].replacing(Self.correlation, with: "")
        let outcome = try importing(lines)
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: stdin line \(index + 1): correlationId: missing; this \(type) names upgrade 1 of cluster store-0001, whose events carry its id \(id)\n")
        #expect(!FileManager.default.fileExists(atPath: folder.child("imported")))
    }

    @Test func aLineWithAnotherUpgradesIdIsRefusedNamingBoth() async throws {
        var (lines, index) = try await export(firstOf: "NodeStepSucceeded")
        let own = StableID.upgrade(cluster: "store-0001", number: 1).uuidString.lowercased()
        let other = StableID.upgrade(cluster: "store-0002", number: 1).uuidString.lowercased()
        lines[index] = lines[index].replacing(Self.correlation, with: #","correlationId":"\#(other)""#)
        let outcome = try importing(lines)
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: stdin line \(index + 1): correlationId \(other) disagrees with the data; this NodeStepSucceeded names upgrade 1 of cluster store-0001, whose events carry its id \(own)\n")
    }

    @Test func theWholeExportImportsWithEveryIdItCarries() async throws {
        let (lines, _) = try await export(firstOf: "UpgradeSucceeded")
        let outcome = try importing(lines)
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
    }

    /// An approval names no upgrade: the one it acts on is the cluster's state, and stores recorded
    /// before approvals were correlated carry none. Import cannot tell, so it takes the line.
    @Test func anApprovalWithoutACorrelationIdStillImports() async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        var lines = try OrchestratorProcess.run(["export", "--store", fleet.path]).stdout.split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex { $0.contains(#""type":"RepaveApproved""#) })
        #expect(lines[index].contains(#""correlationId":"#))
        lines[index] = lines[index].replacing(Self.correlation, with: "")
        let outcome = try importing(lines)
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
    }
}
