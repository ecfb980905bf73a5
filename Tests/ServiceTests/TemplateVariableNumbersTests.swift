import Engine
import EventStore
import Foundation
import HummingbirdTesting
import Testing
import UpgradeDomain
@testable import Service

/// Template variables round-trip exactly: `{"big":123456789012345678901}` is stored as that, not as
/// `1.2345678901234567e+20`, and a number the store cannot give back exactly is a 400 naming its path.
@Suite("Template variable numbers over HTTP")
struct TemplateVariableNumbersOverHTTPTests {
    static let variables = #"{"big":123456789012345678901,"u":18446744073709551615,"tenth":0.1,"#
        + #""pi":3.1415926535897932384626433832795028841,"nested":{"list":[1,2.50,-1.5e-7]}}"#

    static func registration(variables: String) -> String {
        #"{"clusterId":"nv","clusterName":"nv","targetInfrastructure":"aws","template":"t-14","variables":\#(variables)}"#
    }

    /// The stored payload's text of the first event of `type`.
    static func stored(_ type: String, _ store: EventStore) throws -> String {
        let event = try #require(try store.events(ofType: type).first)
        return String(decoding: event.data.payload, as: UTF8.self)
    }

    @Test func numbersAreStoredAsSentAndComparedByExactValue() async throws {
        try await ServiceHarness().test { client, store in
            let (registered, body) = try await client.call(.post, "/v1/deployments", token: "operator-token",
                                                          json: Self.registration(variables: Self.variables))
            #expect(registered == .created, "\(body)")
            let text = try Self.stored("TemplateDeploymentRegistered", store)
            for number in [#""big":123456789012345678901"#, #""u":18446744073709551615"#, #""tenth":0.1"#,
                           #""pi":3.1415926535897932384626433832795028841"#, "[1,2.5,-0.00000015]"] {
                #expect(text.contains(number), "\(text)")
            }
            // The same variables again (other digits for the same values) are a repeat; one more in the
            // 21st digit, which a Double would not tell apart, is a change.
            let same = Self.variables.replacingOccurrences(of: "0.1,", with: "0.10,").replacingOccurrences(of: "2.50", with: "25e-1")
            let (repeated, answer) = try await client.call(.post, "/v1/deployments/nv/template", token: "operator-token",
                                                          json: #"{"template":"t-14","variables":\#(same)}"#)
            #expect(repeated == .accepted && answer.contains(#""events":[]"#), "\(answer)")
            try await ClusterWatchLine.post("nv", cluster: "nv", client)
            let next = Self.variables.replacingOccurrences(of: "123456789012345678901", with: "123456789012345678902")
            let (changed, started) = try await client.call(.post, "/v1/deployments/nv/template", token: "operator-token",
                                                          json: #"{"template":"t-14","variables":\#(next),"upgradeId":"big-2"}"#)
            #expect(changed == .accepted && started.contains("TemplateUpgradeStarted"), "\(started)")
            #expect(try Self.stored("TemplateUpgradeStarted", store).contains(#""big":123456789012345678902"#))

            // Folded from the store after a restart, the variables are exactly the ones sent.
            let folded = try await TemplateDeployments(store: store).state(of: "nv").state
            let sent = try #require(TemplateValue.exactJSON(Data(next.utf8)))
            #expect(folded.deployment?.variables == sent)
            #expect(folded.deployment?.variables["big"] == .number(TemplateNumber(text: "123456789012345678902")))
        }
    }

    @Test("a number the store cannot give back exactly is a 400 naming its JSON path, and writes nothing", arguments: [
        (#"{"a":{"b":[1,1234567890123456789012345678901234567890123]}}"#, "variables.a.b[1]: the number 1234567890123456789012345678901234567890123 cannot be kept exactly"),
        (#"{"ratio":0.12345678901234567890123456789012345678901}"#, "variables.ratio: the number 0.12345678901234567890123456789012345678901 cannot be kept exactly"),
    ])
    func inexactNumberRefused(variables: String, message: String) async throws {
        try await ServiceHarness().test { client, store in
            let empty = try store.lastPosition()
            let (status, body) = try await client.call(.post, "/v1/deployments", token: "operator-token", json: Self.registration(variables: variables))
            #expect(status == .badRequest, "\(body)")
            #expect(body.contains(message), "\(body)")
            #expect(try store.lastPosition() == empty)
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: Self.registration(variables: "{}")).0 == .created)
            let before = try store.lastPosition()
            let (changed, answer) = try await client.call(.post, "/v1/deployments/nv/template", token: "operator-token",
                                                         json: #"{"template":"t-15","variables":\#(variables)}"#)
            #expect(changed == .badRequest, "\(answer)")
            #expect(answer.contains(message), "\(answer)")
            #expect(try store.lastPosition() == before)
        }
    }
}
