@testable import Engine
import EventStore
import Foundation
import PropertyBased
import Testing
import UpgradeDomain

/// Accepted upgrades read back directly (`AcceptedUpgradeJSONReader`) are exactly what
/// `JSONDecoder` reads; any text it does not take goes to `JSONDecoder` unchanged.
@Suite("Accepted upgrades read directly")
struct AcceptedUpgradeJSONReaderTests {
    /// An accepted upgrade with every optional field and several notes.
    static let acceptance: UpgradeEvent = {
        let change = ProfileChange(
            target: ProfileReference(name: "retail", version: "1.1.0"), behavior: .repave, servicesToRestart: ["rke2-server"],
            kubernetesVersion: ValueTransition(from: "v1.29.4", to: "v1.31.0"), cniPack: ValueTransition(from: "cni-calico", to: nil),
            droppedPacks: ["old"], changesOSVersion: true, forceSkipMinor: MinorSkipOverride(actor: "alice", reason: "lab"),
            requestedBy: "alice")
        let plan = UpgradePlan(
            behavior: .repave,
            nodes: [NodePlan(node: "cp-1", pool: "control-plane", role: .controlPlane, steps: [.cordon, .drain, .removeNode, .provisionReplacement],
                             disruption: .unavailable),
                    NodePlan(node: "w-1", pool: "workers", role: .worker, steps: [.provisionReplacement, .cordon], disruption: .surge)],
            limits: [PoolRolloutLimits(pool: "workers", role: .worker, resolved: ResolvedRollout(maxSurge: 1, maxUnavailable: 0),
                                       maxUnavailable: 0, maxSurge: 1)],
            servicesToRestart: [],
            notes: [.controlPlaneOneAtATime(members: 1, quorum: 1), .controlPlaneHasNoQuorumTolerance(members: 1),
                    .poolContractsByOneFirst(pool: "control-plane", resetsOnRemoval: false)])
        return .profileChangeAccepted(AcceptedUpgrade(
            upgrade: 2, change: change, plan: plan,
            forcedMinorSkip: ForcedMinorSkip(from: "1.29", to: "1.31", override: MinorSkipOverride(actor: "alice", reason: "lab")),
            heldAfterFailure: false, previouslyCordoned: ["w-1"], at: Timestamp(millisecondsSinceEpoch: 1_795_000_060_000)))
    }()

    static func payload(_ event: UpgradeEvent) throws -> Data { Data(try #require(try AcceptedUpgradeJSON.encode(event))) }

    static func recorded(_ payload: Data) -> RecordedEvent { StoredPayload.recorded(payload, type: "ProfileChangeAccepted") }

    /// The direct reader on a payload of this type.
    static func direct(_ payload: Data) -> UpgradeEvent? { AcceptedUpgradeJSONReader.decode(payload, type: "ProfileChangeAccepted") }

    @Test func whatTheWriterWritesIsReadBackAsJSONDecoderReadsIt() async {
        await propertyCheck(count: 300, input: RandomEvents().acceptances) { event in
            let payload = try Self.payload(event)
            let direct = try #require(Self.direct(payload), "\(String(decoding: payload, as: UTF8.self))")
            #expect(direct == event)
            #expect(direct == (try StoredPayload.general(payload, type: "ProfileChangeAccepted")))
        }
    }

    @Test func aStringWithAnEscapeGoesToJSONDecoderAndDecodesTheSame() async {
        await propertyCheck(count: 300, input: RandomEvents(escapes: true).acceptances) { event in
            let payload = try Self.payload(event)
            let escaped = payload.contains(0x5C)  // a backslash: only an escape writes one
            #expect((Self.direct(payload) == nil) == escaped)
            #expect(try DomainEventCodec.decode(UpgradeEvent.self, from: Self.recorded(payload)) == event)
        }
    }

    /// The plans the service and `bench replay` record: `RollingPlanner`'s, for every behaviour, on
    /// the bench's cluster and on others that give every kind of note.
    @Test func thePlannersPlansAreReadDirectly() throws {
        func pool(_ id: PoolID, _ role: NodeRole, _ count: Int, spares: Int = 0, elemental: Bool = false, resets: Bool = false,
                  _ rollout: RolloutBudget) -> NodePool {
            NodePool(id: id, role: role, nodes: (1...count).map { FleetNode(id: NodeID("\(id)-\($0)"), role: role, isElementalHost: elemental) },
                     spareHosts: spares, resetsOnRemoval: resets, rollout: rollout)
        }
        let bench = RolloutBudget(maxSurge: .count(0), maxUnavailable: .count(1))
        let clusters = [
            [pool("control-plane", .controlPlane, 1, bench), pool("workers", .worker, 9, bench)],
            [pool("cp", .controlPlane, 3, spares: 1, RolloutBudget.clusterAPIDefault),
             pool("elemental", .worker, 4, spares: 1, elemental: true, RolloutBudget(maxSurge: .percent(25), maxUnavailable: .percent(0))),
             pool("resetting", .worker, 2, resets: true, RolloutBudget(maxSurge: .count(0), maxUnavailable: .percent(10)))],
        ].map { Cluster(id: "c", targetInfrastructure: "edge-native", pools: $0, profile: ProfileReference(name: "retail", version: "1.0.0")) }
        var notes = Set<String>()
        for cluster in clusters {
            for behavior in Behavior.allCases {
                for changesOS in [false, true] {
                    let change = ProfileChange(target: ProfileReference(name: "retail", version: "1.1.0"), behavior: behavior,
                                               servicesToRestart: behavior == .serviceRestart ? ["rke2-server"] : [],
                                               changesOSVersion: changesOS, requestedBy: "bench")
                    let plan = try RollingPlanner.plan(change, for: cluster)
                    let event = UpgradeEvent.profileChangeAccepted(AcceptedUpgrade(
                        upgrade: 1, change: change, plan: plan, forcedMinorSkip: nil, at: Timestamp(millisecondsSinceEpoch: 60_000)))
                    #expect(Self.direct(try Self.payload(event)) == event, "\(behavior) \(plan.notes)")
                    notes.formUnion(plan.notes.map { "\($0)".prefix { $0 != "(" }.description })
                }
            }
        }
        #expect(notes.count == 6, "the plans give every kind of note: \(notes.sorted())")
    }

    @Test func theWriterTestsAcceptancesAreReadDirectlyButForEscapes() throws {
        for event in DirectEventJSONTests.acceptances + [Self.acceptance] {
            let payload = try Self.payload(event)
            #expect((Self.direct(payload) == nil) == payload.contains(0x5C))
            #expect(try DomainEventCodec.decode(UpgradeEvent.self, from: Self.recorded(payload)) == event)
        }
        #expect(Self.direct(try Self.payload(Self.acceptance)) == Self.acceptance)
    }

    /// Text that is not quite the writer's: the same value, another value or none at all for
    /// `JSONDecoder`, never read directly.
    static let otherForms: [String: @Sendable (String) -> String] = [
        "a space at the end": { $0 + " " },
        "a newline between fields": { $0.replacing(#","heldAfterFailure""#, with: ",\n\"heldAfterFailure\"") },
        "keys in another order": { $0.replacing(#"{"actor":"alice","reason":"lab"}"#, with: #"{"reason":"lab","actor":"alice"}"#) },
        "an escaped string": { $0.replacing(#""requestedBy":"alice""#, with: #""requestedBy":"\u0061lice""#) },
        "an unknown key": { $0.replacing(#""disruption":"surge","#, with: #""disruption":"surge","weight":1,"#) },
        "an unknown key in a note": { $0.replacing(#"{"members":1,"quorum":1}"#, with: #"{"members":1,"quorum":1,"spare":0}"#) },
        "a missing key": { $0.replacing(#""heldAfterFailure":false,"#, with: "") },
        "a null optional": { $0.replacing(#""to":"v1.31.0""#, with: #""to":null"#) },
        "an empty transition written out": { $0.replacing(#"{"from":"cni-calico"}"#, with: #"{"from":"cni-calico","to":null}"#) },
        "a number with a fraction": { $0.replacing(#""upgrade":2"#, with: #""upgrade":2.0"#) },
        "minus zero": { $0.replacing(#""maxUnavailable":0"#, with: #""maxUnavailable":-0"#) },
        "a leading plus": { $0.replacing(#""upgrade":2"#, with: #""upgrade":+2"#) },
        "an unknown note": { $0.replacing(#"{"controlPlaneHasNoQuorumTolerance":{"members":1}}"#, with: #"{"quorumLost":{"members":1}}"#) },
        "a note without its labels": { $0.replacing(#"{"controlPlaneHasNoQuorumTolerance":{"members":1}}"#,
                                                   with: #"{"controlPlaneHasNoQuorumTolerance":{"_0":1}}"#) },
        "a note's labels in another order": { $0.replacing(#"{"members":1,"quorum":1}"#, with: #"{"quorum":1,"members":1}"#) },
        "an unknown behaviour": { $0.replacing(#""behavior":"repave","changesOSVersion""#, with: #""behavior":"rebuild","changesOSVersion""#) },
        "an unknown step": { $0.replacing(#""steps":["provision-replacement","cordon"]"#, with: #""steps":["provision","cordon"]"#) },
        "a trailing comma in a list": { $0.replacing(#""droppedPacks":["old"]"#, with: #""droppedPacks":["old",]"#) },
        "a truncated payload": { String($0.dropLast()) },
    ]

    @Test("text not in the writer's form", arguments: otherForms.keys.sorted())
    func textNotInTheWritersFormIsNotReadDirectly(form: String) throws {
        let text = String(decoding: try Self.payload(Self.acceptance), as: UTF8.self)
        let change = try #require(Self.otherForms[form])
        let variant = Data(change(text).utf8)
        #expect(variant != Data(text.utf8), "the change applies to the payload")
        #expect(Self.direct(variant) == nil)
        let general = try? StoredPayload.general(variant, type: "ProfileChangeAccepted")
        #expect((try? DomainEventCodec.decode(UpgradeEvent.self, from: Self.recorded(variant))) == general)
    }

    @Test func prettyPrintedOrInDeclarationOrderItGoesToJSONDecoder() throws {
        let object = try JSONSerialization.jsonObject(with: try Self.payload(Self.acceptance))
        for text in [try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]),
                     try StoredPayload.keysReversed(try Self.payload(Self.acceptance))] {
            #expect(Self.direct(text) == nil)
            #expect(try DomainEventCodec.decode(UpgradeEvent.self, from: Self.recorded(text)) == Self.acceptance)
        }
    }

    @Test func otherEventsAreLeftToTheirReaders() throws {
        #expect(Self.direct(try ClusterRegisteredJSONReaderTests.payload(ClusterRegisteredJSONReaderTests.registration)) == nil)
        let queued = try StoredPayload.general(UpgradeEvent.profileChangeQueued(
            ProfileChange(target: ProfileReference(name: "p", version: "1"), behavior: .reboot, requestedBy: "a"),
            at: Timestamp(millisecondsSinceEpoch: 1)))
        #expect(Self.direct(queued) == nil)
        #expect(AcceptedUpgradeJSONReader.decode(try Self.payload(Self.acceptance), type: "ProfileChangeQueued") == nil,
                "the type, not the shape, picks the reader")
    }
}
