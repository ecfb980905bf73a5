@testable import Engine
import EventStore
import Foundation
import Testing
import UpgradeDomain

/// The registrations and accepted upgrades written directly (`ClusterRegisteredJSON`,
/// `AcceptedUpgradeJSON`) give Foundation's bytes for the stored form (`UpgradeEventPayload`), including
/// the optional fields, escapes and the shapes a replay never produces.
@Suite("Registrations and accepted upgrades written directly")
struct DirectEventJSONTests {
    static let awkwardName = "n \"1\" \\ / é\u{01}\t"

    static let registrations: [UpgradeEvent] = {
        let at = Timestamp(millisecondsSinceEpoch: -5)
        let workers = NodePool(
            id: PoolID(awkwardName), role: .worker,
            nodes: [FleetNode(id: NodeID(awkwardName), role: .worker, isElementalHost: true), FleetNode(id: "w2", role: .worker)],
            spareHosts: -2, resetsOnRemoval: true, rollout: RolloutBudget(maxSurge: .percent(150), maxUnavailable: .count(-1)))
        let controlPlane = NodePool(id: "cp", role: .controlPlane, nodes: [FleetNode(id: "cp1", role: .controlPlane)])
        var overrides = UpgradePolicy(stepTimeoutMilliseconds: Int64.max, maxRetries: 0)
        overrides.stepTimeoutOverrides = [.uncordon: 1, .cordon: Int64.min, .awaitInPlaceUpdateDone: 0, .provisionReplacement: 7]
        return [
            .clusterRegistered(
                Cluster(id: ClusterID(awkwardName), kind: .templateBased, targetInfrastructure: "edge \"native\"",
                        pools: [controlPlane, workers], profile: ProfileReference(name: awkwardName, version: "1/2"),
                        status: .deleting, kubernetesHealth: .down, kubernetesVersion: "v1.30.1", cniPack: "cni\ncalico",
                        orphanedPacks: ["b", awkwardName]),
                policy: overrides, at: at),
            .clusterRegistered(
                Cluster(id: "c", targetInfrastructure: "", pools: [], profile: ProfileReference(name: "", version: "")),
                policy: .standard, at: Timestamp(millisecondsSinceEpoch: Int64.max)),
            .clusterRegistered(
                Cluster(id: "c", targetInfrastructure: "x", pools: [workers], profile: ProfileReference(name: "p", version: "1"),
                        cniPack: "only-cni"),
                policy: UpgradePolicy(stepTimeoutMilliseconds: 0, maxRetries: -3), at: at),
        ]
    }()

    static let acceptances: [UpgradeEvent] = {
        let change = ProfileChange(
            target: ProfileReference(name: awkwardName, version: "2"), behavior: .serviceRestart, servicesToRestart: ["rke2-server", "a\"b"],
            kubernetesVersion: ValueTransition(from: nil, to: "v1.31.0"), cniPack: ValueTransition(from: "a", to: nil),
            droppedPacks: ["old"], changesOSVersion: true,
            forceSkipMinor: MinorSkipOverride(actor: "alice", reason: "why \\ not"), requestedBy: awkwardName)
        let plan = UpgradePlan(
            behavior: .repave,
            nodes: [
                NodePlan(node: NodeID(awkwardName), pool: "cp", role: .controlPlane, steps: [.provisionReplacement, .cordon, .removeNode],
                         disruption: .surge),
                NodePlan(node: "w1", pool: PoolID(awkwardName), role: .worker, steps: [], disruption: .none),
                NodePlan(node: "w2", pool: "w", role: .worker, steps: NodeStep.allCases, disruption: .unavailable),
            ],
            limits: [
                PoolRolloutLimits(pool: PoolID(awkwardName), role: .worker,
                                  resolved: ResolvedRollout(maxSurge: -1, maxUnavailable: Int.max, unavailableRaisedToOne: true),
                                  maxUnavailable: Int.min, maxSurge: 0),
                PoolRolloutLimits(pool: "cp", role: .controlPlane, resolved: ResolvedRollout(maxSurge: 1, maxUnavailable: 0),
                                  maxUnavailable: 1, maxSurge: 1),
            ],
            servicesToRestart: ["a", "\u{7F}"],
            notes: [.controlPlaneOneAtATime(members: 3, quorum: 2), .poolContractsByOneFirst(pool: "w", resetsOnRemoval: true),
                    .unavailableRaisedToOne(pool: PoolID(awkwardName))])
        let empty = UpgradePlan(behavior: .noOp, nodes: [], limits: [], servicesToRestart: [], notes: [])
        return [
            .profileChangeAccepted(AcceptedUpgrade(
                upgrade: Int.max, change: change, plan: plan,
                forcedMinorSkip: ForcedMinorSkip(from: "1.29", to: "1.31", override: MinorSkipOverride(actor: "bob", reason: "")),
                heldAfterFailure: true, previouslyCordoned: [NodeID(awkwardName), "w2"], at: Timestamp(millisecondsSinceEpoch: Int64.min))),
            .profileChangeAccepted(AcceptedUpgrade(
                upgrade: 0, change: ProfileChange(target: ProfileReference(name: "p", version: "1"), behavior: .noOp, requestedBy: ""),
                plan: empty, forcedMinorSkip: nil, at: Timestamp(millisecondsSinceEpoch: 0))),
        ]
    }()

    func foundation(_ event: UpgradeEvent) throws -> [UInt8] {
        try UpgradeEventPayload.encode(event) { Array(try DomainEventCodec.encoder().encode($0)) }
    }

    @Test("registrations", arguments: registrations)
    func registrationsWrittenDirectly(event: UpgradeEvent) throws {
        let data = try DomainEventCodec.encode(event, type: event.typeName, id: UUID(), at: 0, actor: "a")
        #expect(Array(data.payload) == (try foundation(event)))
    }

    @Test("accepted upgrades", arguments: acceptances)
    func acceptancesWrittenDirectly(event: UpgradeEvent) throws {
        let data = try DomainEventCodec.encode(event, type: event.typeName, id: UUID(), at: 0, actor: "a")
        #expect(Array(data.payload) == (try foundation(event)))
    }

    @Test func writtenPayloadsDecodeBackToTheEvent() throws {
        for event in Self.registrations + Self.acceptances {
            let data = try DomainEventCodec.encode(event, type: event.typeName, id: UUID(), at: 0, actor: "a")
            #expect(try UpgradeEventPayload.decode(type: event.typeName, from: data.payload) == event)
        }
    }
}
