import Engine
import EventStore
import Foundation
import Testing
import UpgradeDomain

/// `orchestrator audit --format json` shows template variables as stored, every digit: QA read
/// `{"big":123456789012345678901}` there as `1.2345678901234567e+20`.
@Suite("Template variable numbers in the CLI's JSON")
struct TemplateVariableNumbersCommandTests {
    let folder = ScratchFolder("template-numbers")
    static let variables = #"{"big":123456789012345678901,"pi":3.1415926535897932384626433832795028841,"tenth":0.1,"u":18446744073709551615}"#

    func store() async throws -> String {
        let path = folder.child("store")
        let store = try EventStore.open(at: path)
        defer { store.close() }
        let variables = try #require(TemplateValue.exactJSON(Data(Self.variables.utf8)))
        let deployment = TemplateDeployment(clusterId: "F", clusterName: "F", targetInfrastructure: "aws", template: "t1", variables: variables)
        let at = TemplateInstant(millisecondsSinceEpoch: 1_796_087_489_785)
        _ = try await TemplateDeployments(store: store).execute(.register(deployment, at: at), on: "F", actor: "olga", at: at)
        return path
    }

    @Test(arguments: ["json", "ndjson"])
    func auditShowsEveryDigit(format: String) async throws {
        let store = try await store()
        let outcome = try OrchestratorProcess.run(["audit", "--store", store, "--cluster", "F", "--format", format])
        try #require(outcome.exitCode == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains(#""variables":\#(Self.variables)"#), "\(outcome.stdout)")
    }

    @Test func exportEmbedsThePayloadAsStored() async throws {
        let store = try await store()
        let outcome = try OrchestratorProcess.run(["export", "--store", store])
        try #require(outcome.exitCode == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains(#""variables":\#(Self.variables)"#), "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("payloadBase64"))
    }
}
