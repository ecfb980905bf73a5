@testable import Engine
import EventStore
import Foundation
import PropertyBased
import Testing
import UpgradeDomain

/// Registrations read back directly (`ClusterRegisteredJSONReader`) are exactly what the general
/// path (`UpgradeEventPayload`) reads; any text it does not take goes to it unchanged.
@Suite("Registrations read directly")
struct ClusterRegisteredJSONReaderTests {
    /// A registration as the service and `bench replay` write them, with overrides and both rollout forms.
    static let registration: UpgradeEvent = {
        var policy = UpgradePolicy(stepTimeoutMilliseconds: 600_000, maxRetries: 2)
        policy.stepTimeoutOverrides = [.cordon: 1, .uncordon: 2]
        let budget = RolloutBudget(maxSurge: .count(0), maxUnavailable: .percent(25))
        let cluster = Cluster(
            id: "store-0001", targetInfrastructure: "edge-native",
            pools: [
                NodePool(id: "control-plane", role: .controlPlane, nodes: [FleetNode(id: "cp-1", role: .controlPlane)], rollout: budget),
                NodePool(id: "workers", role: .worker, nodes: [FleetNode(id: "w-1", role: .worker), FleetNode(id: "w-2", role: .worker)],
                         rollout: budget),
            ],
            profile: ProfileReference(name: "retail", version: "1.0.0"), kubernetesVersion: "v1.30.4+rke2r1", cniPack: "cni-calico")
        return .clusterRegistered(cluster, policy: policy, at: Timestamp(millisecondsSinceEpoch: 1_795_000_000_000))
    }()

    static func payload(_ event: UpgradeEvent) throws -> Data { Data(try #require(ClusterRegisteredJSON.encode(event))) }

    static func recorded(_ payload: Data) -> RecordedEvent { StoredPayload.recorded(payload, type: "ClusterRegistered") }

    /// The direct reader on a payload of this type.
    static func direct(_ payload: Data) -> UpgradeEvent? { ClusterRegisteredJSONReader.decode(payload, type: "ClusterRegistered") }

    @Test func whatTheWriterWritesIsReadBackAsJSONDecoderReadsIt() async {
        await propertyCheck(count: 300, input: RandomEvents().registrations) { event in
            let payload = try Self.payload(event)
            let direct = try #require(Self.direct(payload), "\(String(decoding: payload, as: UTF8.self))")
            #expect(direct == event)
            #expect(direct == (try StoredPayload.general(payload, type: "ClusterRegistered")))
        }
    }

    @Test func aStringWithAnEscapeGoesToJSONDecoderAndDecodesTheSame() async {
        await propertyCheck(count: 300, input: RandomEvents(escapes: true).registrations) { event in
            let payload = try Self.payload(event)
            let escaped = payload.contains(0x5C)  // a backslash: only an escape writes one
            #expect((Self.direct(payload) == nil) == escaped)
            #expect(try DomainEventCodec.decode(UpgradeEvent.self, from: Self.recorded(payload)) == event)
        }
    }

    @Test func theWriterTestsRegistrationsAreReadDirectlyButForEscapes() throws {
        for event in DirectEventJSONTests.registrations + [Self.registration] {
            let payload = try Self.payload(event)
            #expect((Self.direct(payload) == nil) == payload.contains(0x5C))
            #expect(try DomainEventCodec.decode(UpgradeEvent.self, from: Self.recorded(payload)) == event)
        }
        #expect(Self.direct(try Self.payload(Self.registration)) == Self.registration)
    }

    /// Text that is not quite the writer's: the same value, another value or none at all for
    /// `JSONDecoder`, never read directly.
    static let otherForms: [String: @Sendable (String) -> String] = [
        "a space at the end": { $0 + " " },
        "a space after a colon": { $0.replacing(#""kind":"edge""#, with: #""kind": "edge""#) },
        "keys in another order": { $0.replacing(#""kind":"edge","kubernetesHealth":"healthy""#, with: #""kubernetesHealth":"healthy","kind":"edge""#) },
        "an escaped string": { $0.replacing(#""edge-native""#, with: #""edge-n\u0061tive""#) },
        "an escaped slash": { $0.replacing(#""retail""#, with: #""ret\/ail""#) },
        "an unknown key": { $0.replacing(#""spareHosts":0}"#, with: #""spareHosts":0,"zone":"a"}"#) },
        "an unknown key at the top": { $0.replacing(#"{"at":"#, with: #"{"a":1,"at":"#) },
        "a missing key": { $0.replacing(#""isElementalHost":false,"#, with: "") },
        "a null optional": { $0.replacing(#""kubernetesVersion":"v1.30.4+rke2r1""#, with: #""kubernetesVersion":null"#) },
        "a number with a fraction": { $0.replacing(#""maxRetries":2"#, with: #""maxRetries":2.0"#) },
        "a number with an exponent": { $0.replacing(#""maxRetries":2"#, with: #""maxRetries":2e0"#) },
        "a leading zero": { $0.replacing(#""maxRetries":2"#, with: #""maxRetries":02"#) },
        "minus zero": { $0.replacing(#""spareHosts":0"#, with: #""spareHosts":-0"#) },
        "a number beyond Int64": { $0.replacing(#""maxRetries":2"#, with: #""maxRetries":9223372036854775808"#) },
        "overrides out of step order": { $0.replacing(#"["cordon",1,"uncordon",2]"#, with: #"["uncordon",2,"cordon",1]"#) },
        "a step overridden twice": { $0.replacing(#"["cordon",1,"uncordon",2]"#, with: #"["cordon",1,"cordon",2]"#) },
        "an unknown step": { $0.replacing(#"["cordon",1,"#, with: #"["sideways",1,"#) },
        "an unknown rollout form": { $0.replacing(#""maxUnavailable":"25%""#, with: #""maxUnavailable":"25 percent""#) },
        "a rollout count as text": { $0.replacing(#""maxSurge":0"#, with: #""maxSurge":"0""#) },
        "a rollout value in the synthesized form": { $0.replacing(#""maxSurge":0"#, with: #""maxSurge":{"count":{"_0":0}}"#) },
        "a boolean as a string": { $0.replacing(#""resetsOnRemoval":false"#, with: #""resetsOnRemoval":"false""#) },
        "a truncated payload": { String($0.dropLast()) },
    ]

    @Test("text not in the writer's form", arguments: otherForms.keys.sorted())
    func textNotInTheWritersFormIsNotReadDirectly(form: String) throws {
        let text = String(decoding: try Self.payload(Self.registration), as: UTF8.self)
        let change = try #require(Self.otherForms[form])
        let variant = Data(change(text).utf8)
        #expect(variant != Data(text.utf8), "the change applies to the payload")
        #expect(Self.direct(variant) == nil)
        let general = try? StoredPayload.general(variant, type: "ClusterRegistered")
        #expect((try? DomainEventCodec.decode(UpgradeEvent.self, from: Self.recorded(variant))) == general)
    }

    @Test func prettyPrintedOrInDeclarationOrderItGoesToJSONDecoder() throws {
        let object = try JSONSerialization.jsonObject(with: try Self.payload(Self.registration))
        for text in [try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]),
                     try StoredPayload.keysReversed(try Self.payload(Self.registration))] {
            #expect(Self.direct(text) == nil)
            #expect(try DomainEventCodec.decode(UpgradeEvent.self, from: Self.recorded(text)) == Self.registration)
        }
    }

    @Test func otherEventsAreLeftToTheirReaders() throws {
        for event in NodeEventJSONReaderTests.events.prefix(3) {
            #expect(Self.direct(Data(try #require(NodeEventJSON.encode(event)))) == nil)
        }
        #expect(Self.direct(try StoredPayload.general(.kubernetesHealthChanged(.down, at: Timestamp(millisecondsSinceEpoch: 1)))) == nil)
        #expect(ClusterRegisteredJSONReader.decode(try Self.payload(Self.registration), type: "ClusterStatusChanged") == nil,
                "the type, not the shape, picks the reader")
    }
}
