@testable import Engine
import EventStore
import Foundation
import Testing
import UpgradeDomain

/// Template variables keep every number exactly: read from request text by `JSONValueParser`,
/// written to the store as `JSONEncoder` would write them and read back by `JSONDecoder`, and an
/// event an older build stored (its numbers rounded through `Double`) still folds.
@Suite("Template variable numbers, exactly")
struct TemplateVariableNumbersTests {
    static let text = #"{"big":123456789012345678901,"u":18446744073709551615,"tenth":0.1,"thousand":1e3,"# +
        #""pi":3.1415926535897932384626433832795028841,"tiny":-1.5e-7,"list":[1,2.50,-9223372036854775809]}"#

    @Test func theParserKeepsEveryDigitAsWritten() throws {
        let value = try JSONValueParser.parse(Data(Self.text.utf8))
        #expect(value["big"] == .number(TemplateNumber(text: "123456789012345678901")))
        #expect(value["u"] == .number(TemplateNumber(text: "18446744073709551615")))
        #expect(value["thousand"] == .integer(1000))
        #expect(value["list"] == .array([.integer(1), .number(2.5), .number(TemplateNumber(text: "-9223372036854775809"))]))
        let long = try JSONValueParser.parse(Data("1234567890123456789012345678901234567890123".utf8))
        #expect(long == .number(TemplateNumber(text: "1234567890123456789012345678901234567890123")))
        #expect(long != (try JSONDecoder().decode(TemplateValue.self, from: Data("1234567890123456789012345678901234567890123".utf8))))
    }

    @Test func theStoresEncoderWritesNumbersAsFoundationDoesAndTheyReadBackExactly() throws {
        let value = try JSONValueParser.parse(Data(Self.text.utf8))
        let written = try CompactJSONEncoder().encode(value)
        #expect(written == Array(try DomainEventCodec.encoder().encode(value)))
        let text = String(decoding: written, as: UTF8.self)
        #expect(text.contains(#""big":123456789012345678901"#) && text.contains(#""tenth":0.1"#), "\(text)")
        #expect(try JSONDecoder().decode(TemplateValue.self, from: Data(written)) == value)
        #expect(value.firstNumberNotStoredExactly(root: "variables") == nil)
    }

    @Test("a number the store cannot give back exactly is found by its path", arguments: [
        (#"{"a":{"b":[1,1234567890123456789012345678901234567890123]}}"#, "variables.a.b[1]", "1234567890123456789012345678901234567890123"),
        (#"{"z":1,"ratio":0.12345678901234567890123456789012345678901}"#, "variables.ratio", "0.12345678901234567890123456789012345678901"),
        (#"{"tiny":1.00000000000000000001e-140,"small":1.5e-140}"#, "variables.tiny", "100000000000000000001e-160"),
    ])
    func notStoredExactly(text: String, path: String, number: String) throws {
        let found = try JSONValueParser.parse(Data(text.utf8)).firstNumberNotStoredExactly(root: "variables")
        #expect(found?.path == path)
        #expect(found?.number == number)
    }

    @Test func aRegistrationAnOlderBuildStoredWithDoublesFoldsAndItsVariablesCompareByValue() async throws {
        let folder = NSTemporaryDirectory() + "orchestrator-engine-template-numbers-\(UUID().uuidString)"
        let store = try EventStore.open(at: folder)
        defer { store.close(); try? FileManager.default.removeItem(atPath: folder) }
        // The bytes the service stored before numbers were kept exactly (QA's repro, plus a number beyond a Decimal).
        let payload = #"{"at":1796087489785,"deployment":{"clusterId":"F","clusterName":"F","noProgressDeadlineMilliseconds":1800000,"#
            + #""targetInfrastructure":"aws","template":"t1","variables":{"big":1.2345678901234567e+20,"pi":3.141592653589793,"#
            + #""tenth":0.1,"tiny":1e-200,"u":1.8446744073709552e+19}}}"#
        let event = EventData(id: UUID(), type: "TemplateDeploymentRegistered", schemaVersion: 2, recordedAtMs: 1_796_087_489_785,
                              actor: "olga", correlationID: nil, causationID: nil, contentType: "application/json", payload: Data(payload.utf8))
        #expect(try await store.append(to: "cluster/F", ifAt: nil, events: [event]) != nil)

        let deployments = TemplateDeployments(store: store)
        let variables = try #require(try await deployments.state(of: "F").state.deployment?.variables)
        #expect(variables["big"] == .number(1.2345678901234567e+20))
        #expect(variables["tiny"] == .number(1e-200))
        #expect(variables["tenth"] == .number(0.1))
        // The same variables sent again are a repeat; the exact number that was meant is a change.
        let at = TemplateInstant(millisecondsSinceEpoch: 1_796_087_500_000)
        let same = TemplateDeploymentChange(upgradeId: "u1", template: "t1", variables: variables, at: at)
        #expect(try await deployments.execute(.changeDeployment(same), on: "F", actor: "olga", at: at).events.isEmpty)
        // The watch lists the cluster (a change before any watch data is refused).
        let cluster = CAPIObject(kind: .cluster, apiVersion: .v1beta2, uid: "cluster-F", resourceVersion: "1", name: "F", clusterName: "F")
        #expect(try await deployments.execute(.observe(.added(cluster), at: at), on: "F", actor: "capi-watch", at: at).events.count == 1)
        var meant = variables.objectValue ?? [:]
        meant["big"] = .number(TemplateNumber(text: "123456789012345678901"))
        let exact = TemplateDeploymentChange(upgradeId: "u2", template: "t1", variables: .object(meant), at: at)
        let outcome = try await deployments.execute(.changeDeployment(exact), on: "F", actor: "olga", at: at)
        guard case .upgradeStarted(let start) = outcome.events.first else {
            Issue.record("expected a start, got \(outcome.events)")
            return
        }
        #expect(start.toVariables["big"] == .number(TemplateNumber(text: "123456789012345678901")))
        // Read back after a restart, exactly.
        let restarted = try await TemplateDeployments(store: store).state(of: "F").state
        #expect(restarted.deployment?.variables == .object(meant))
    }
}
