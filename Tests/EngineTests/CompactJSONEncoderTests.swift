@testable import Engine
import EventStore
import Foundation
import Testing
import UpgradeDomain

@Suite("Compact JSON encoding of domain events")
struct CompactJSONEncoderTests {
    struct Sample: Codable, Equatable {
        var text: String
        var number: Int
        var big: Int64
        var ratio: Double
        var whole: Double
        var flag: Bool
        var missing: String?
        var list: [String]
        var nested: [String: Int]
        var Upper: Int
        var _0: Int
    }

    static let sample = Sample(
        text: "quote \" backslash \\ slash / newline \n tab \t bell \u{07} é 日本", number: -42, big: 1_795_000_000_123,
        ratio: 0.25, whole: 3, flag: true, missing: nil, list: ["b", "a"], nested: ["z": 1, "a": 2, "M": 3], Upper: 1, _0: 0)

    func foundation<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try DomainEventCodec.encoder().encode(value))
    }

    @Test func writesTheSameBytesAsFoundationsSortedEncoder() throws {
        #expect(try CompactJSONEncoder().encode(Self.sample) == (try foundation(Self.sample)))
    }

    @Test func decodesBackToTheSameValue() throws {
        let bytes = try CompactJSONEncoder().encode(Self.sample)
        #expect(try JSONDecoder().decode(Sample.self, from: Data(bytes)) == Self.sample)
    }

    func foundation(_ event: UpgradeEvent) throws -> [UInt8] {
        try UpgradeEventPayload.encode(event) { Array(try DomainEventCodec.encoder().encode($0)) }
    }

    @Test func everyEventOfARealUpgradeEncodesLikeFoundation() async throws {
        let folder = NSTemporaryDirectory() + "orchestrator-json-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try EventStore.open(at: folder)
        let clusters = EdgeClusters(store: store)
        let at = { (s: Int64) in Timestamp(millisecondsSinceEpoch: 1_795_000_000_000 + s * 1000) }
        let cluster = Cluster(
            id: "c1", kind: .edge, targetInfrastructure: "edge-native",
            pools: [NodePool(id: "cp", role: .controlPlane, nodes: [FleetNode(id: "n1", role: .controlPlane)], spareHosts: 1,
                             rollout: RolloutBudget(maxSurge: .count(1), maxUnavailable: .count(0)))],
            profile: ProfileReference(name: "p", version: "1"), kubernetesVersion: "v1.30.1", cniPack: "cni-calico")
        var policy = UpgradePolicy.standard
        policy.stepTimeoutOverrides = [.drain: 120_000, .reboot: 300_000]
        _ = try await clusters.execute(.registerCluster(cluster, policy: policy, at: at(0)), on: "c1", actor: "a")
        let repave = ProfileChange(target: ProfileReference(name: "p", version: "2"), behavior: .repave,
                                   kubernetesVersion: ValueTransition(from: "v1.30.1", to: "v1.30.2"), droppedPacks: ["old"], requestedBy: "alice")
        _ = try await clusters.execute(.changeProfile(repave, at: at(1)), on: "c1", actor: "alice")
        _ = try await clusters.execute(.approveRepave(actor: "bob", comment: "go \"now\"", at: at(2)), on: "c1", actor: "bob")
        var clock: Int64 = 2
        while let action = try await clusters.state(of: "c1").state.requestedNodeActions.first {
            clock += 1
            let outcome: StepOutcome = clock == 4 ? .failed("disk / full") : .succeeded
            let report = NodeStepReport(node: action.node, step: action.step, outcome: outcome, idempotencyKey: "k\(clock)", at: at(clock), attempt: action.attempt)
            _ = try await clusters.execute(.reportNodeStep(report), on: "c1", actor: "agent")
        }
        _ = try await clusters.execute(.changeProfile(repave, at: at(99)), on: "c1", actor: "alice")  // refused or queued: either is an event

        let recorded = try store.readStream("cluster/c1")
        #expect(Set(recorded.map(\.type)).count >= 8)
        for event in recorded {
            let decoded = try DomainEventCodec.decode(UpgradeEvent.self, from: event)
            #expect(Array(event.data.payload) == (try foundation(decoded)), "\(event.type)")
        }
    }

    static let awkward: [UpgradeEvent] = {
        let node = NodeID("n \"1\" \\ / é\u{01}")
        let at = Timestamp(millisecondsSinceEpoch: -1)
        return [
            .nodeStepStarted(NodeActionRequest(
                upgrade: Int.max, node: node, pool: PoolID("pool\n"), step: .restartServices, stepIndex: 0, attempt: -3,
                requestedAt: Timestamp(millisecondsSinceEpoch: Int64.min), deadline: Timestamp(millisecondsSinceEpoch: Int64.max),
                services: ["rke2-server", "a\tb", ""])),
            .nodeStepStarted(NodeActionRequest(
                upgrade: 0, node: "n", pool: "p", step: .reboot, stepIndex: 12, attempt: 1,
                requestedAt: at, deadline: at, services: [])),
            .nodeStepStarted(NodeActionRequest(
                upgrade: 2, node: "n", pool: "p", step: .drain, stepIndex: 1, attempt: 2,
                requestedAt: at, deadline: at, services: ["s"], startedAt: Timestamp(millisecondsSinceEpoch: 42))),
            .nodeStepSucceeded(NodeStepSuccess(upgrade: 7, node: node, step: .drain, attempt: 10, idempotencyKey: "key/\"x\"", at: at)),
            .nodeFinished(upgrade: -7, node: node, at: Timestamp(millisecondsSinceEpoch: 1_795_000_000_123)),
            .upgradeSucceeded(UpgradeSuccess(upgrade: 3, target: ProfileReference(name: "p\"/", version: "1.0.0\t"),
                                             newlyOrphanedPacks: ["a", "b\\"], at: at)),
        ]
    }()

    @Test("node-step events written directly give Foundation's bytes", arguments: awkward)
    func nodeStepEventsWrittenDirectly(event: UpgradeEvent) throws {
        let data = try DomainEventCodec.encode(event, type: event.typeName, id: UUID(), at: 0, actor: "a")
        #expect(Array(data.payload) == (try foundation(event)))
    }

    @Test("integers are written as Foundation writes them", arguments: [
        0, 1, -1, 9, 10, -10, 1_795_000_000_123, Int64.max, Int64.min, Int64.min + 1,
    ] as [Int64])
    func integersAsFoundationWritesThem(value: Int64) throws {
        var out: [UInt8] = []
        JSONScalar.appendInteger(value, to: &out)
        #expect(out == Array(try JSONEncoder().encode(value)))
        var unsigned: [UInt8] = []
        JSONScalar.appendInteger(UInt64(value.magnitude), to: &unsigned)
        #expect(unsigned == Array(try JSONEncoder().encode(UInt64(value.magnitude))))
        var small: [UInt8] = [0x41]
        JSONScalar.appendInteger(Int8(truncatingIfNeeded: value), to: &small)
        #expect(small == [0x41] + Array(try JSONEncoder().encode(Int8(truncatingIfNeeded: value))))
    }
}
