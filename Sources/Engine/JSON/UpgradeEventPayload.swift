import Foundation
import UpgradeDomain

/// The stored JSON of an edge upgrade event (schema 2): the case's own value, with no wrapper,
/// since the envelope's type already names the case.
///
/// A case with one value stores that value (`NodeStepSucceeded` is `{"at":…,"attempt":…,…}`); a
/// case with several stores them as one object under their labels, the first, unlabelled one
/// under the name `LegacyPayload` also gives it (`ClusterRegistered` is
/// `{"at":…,"cluster":{…},"policy":{…}}`).
enum UpgradeEventPayload {
    /// The payload of `event`, its values written by `write` (the stored bytes with the default;
    /// the tests compare it with Foundation's sorted `JSONEncoder`).
    static func encode(
        _ event: UpgradeEvent, using write: (any Encodable) throws -> [UInt8] = { try CompactJSONEncoder().encode($0) }
    ) throws -> [UInt8] {
        switch event {
        case .clusterRegistered(let cluster, let policy, let at): return try write(Registered(at: at, cluster: cluster, policy: policy))
        case .clusterStatusChanged(let status, let at): return try write(StatusChanged(at: at, status: status))
        case .kubernetesHealthChanged(let health, let at): return try write(HealthChanged(at: at, health: health))
        case .profileChangeAccepted(let accepted): return try write(accepted)
        case .profileChangeQueued(let change, let at): return try write(ChangeQueued(at: at, change: change))
        case .queuedProfileChangeDropped(let change, let reason, let at):
            return try write(QueuedChangeDropped(at: at, change: change, reason: reason))
        case .queuedProfileChangeWithdrawn(let change, let by, let at):
            return try write(QueuedChangeWithdrawn(at: at, by: by, change: change))
        case .repaveApprovalRequested(let upgrade, let at): return try write(UpgradeAt(at: at, upgrade: upgrade))
        case .repaveApproved(let decision), .repaveDenied(let decision): return try write(decision)
        case .upgradeDeferred(let reason, let at): return try write(Deferred(at: at, reason: reason))
        case .upgradeResumedAfterDeferral(let at): return try write(At(at: at))
        case .upgradePaused(let action), .upgradeResumed(let action): return try write(action)
        case .nodeStepStarted(let request): return try write(request)
        case .nodeStepStartReported(let receipt): return try write(receipt)
        case .nodeStepSucceeded(let success): return try write(success)
        case .nodeStepFailed(let failure): return try write(failure)
        case .nodeFinished(let upgrade, let node, let at): return try write(NodeFinished(at: at, node: node, upgrade: upgrade))
        case .upgradeSucceeded(let success): return try write(success)
        case .upgradeFailed(let failure): return try write(failure)
        case .upgradeCancelled(let cancellation): return try write(cancellation)
        case .commandRefused(let refusal): return try write(refusal)
        }
    }

    /// The event of stored type `type` from its payload; nil when `type` is no edge upgrade event.
    static func decode(type: String, from payload: Data) throws -> UpgradeEvent? {
        let decoder = JSONDecoder()
        func value<T: Decodable>(_: T.Type) throws -> T { try decoder.decode(T.self, from: payload) }
        switch type {
        case "ClusterRegistered":
            let fields = try value(Registered.self)
            return .clusterRegistered(fields.cluster, policy: fields.policy, at: fields.at)
        case "ClusterStatusChanged":
            let fields = try value(StatusChanged.self)
            return .clusterStatusChanged(fields.status, at: fields.at)
        case "KubernetesHealthChanged":
            let fields = try value(HealthChanged.self)
            return .kubernetesHealthChanged(fields.health, at: fields.at)
        case "ProfileChangeAccepted": return .profileChangeAccepted(try value(AcceptedUpgrade.self))
        case "ProfileChangeQueued":
            let fields = try value(ChangeQueued.self)
            return .profileChangeQueued(fields.change, at: fields.at)
        case "QueuedProfileChangeDropped":
            let fields = try value(QueuedChangeDropped.self)
            return .queuedProfileChangeDropped(fields.change, reason: fields.reason, at: fields.at)
        case "QueuedProfileChangeWithdrawn":
            let fields = try value(QueuedChangeWithdrawn.self)
            return .queuedProfileChangeWithdrawn(fields.change, by: fields.by, at: fields.at)
        case "RepaveApprovalRequested":
            let fields = try value(UpgradeAt.self)
            return .repaveApprovalRequested(upgrade: fields.upgrade, at: fields.at)
        case "RepaveApproved": return .repaveApproved(try value(ApprovalDecision.self))
        case "RepaveDenied": return .repaveDenied(try value(ApprovalDecision.self))
        case "UpgradeDeferred":
            let fields = try value(Deferred.self)
            return .upgradeDeferred(fields.reason, at: fields.at)
        case "UpgradeResumedAfterDeferral": return .upgradeResumedAfterDeferral(at: try value(At.self).at)
        case "UpgradePaused": return .upgradePaused(try value(OperatorAction.self))
        case "UpgradeResumed": return .upgradeResumed(try value(OperatorAction.self))
        case "NodeStepStarted": return .nodeStepStarted(try value(NodeActionRequest.self))
        case "NodeStepStartReported": return .nodeStepStartReported(try value(NodeStepStartReceipt.self))
        case "NodeStepSucceeded": return .nodeStepSucceeded(try value(NodeStepSuccess.self))
        case "NodeStepFailed": return .nodeStepFailed(try value(NodeStepFailure.self))
        case "NodeFinished":
            let fields = try value(NodeFinished.self)
            return .nodeFinished(upgrade: fields.upgrade, node: fields.node, at: fields.at)
        case "UpgradeSucceeded": return .upgradeSucceeded(try value(UpgradeSuccess.self))
        case "UpgradeFailed": return .upgradeFailed(try value(UpgradeFailure.self))
        case "UpgradeCancelled": return .upgradeCancelled(try value(UpgradeCancellation.self))
        case UpgradeEvent.commandRefusedTypeName: return .commandRefused(try value(CommandRefusal.self))
        default: return nil
        }
    }

    /// The name the first, unlabelled value of a several-value case is stored under, by stored type.
    static let firstValueNames: [String: String] = [
        "ClusterRegistered": "cluster", "ClusterStatusChanged": "status", "KubernetesHealthChanged": "health",
        "ProfileChangeQueued": "change", "QueuedProfileChangeDropped": "change", "UpgradeDeferred": "reason",
    ]

    private struct Registered: Codable {
        var at: Timestamp
        var cluster: Cluster
        var policy: UpgradePolicy
    }

    private struct StatusChanged: Codable {
        var at: Timestamp
        var status: ClusterStatus
    }

    private struct HealthChanged: Codable {
        var at: Timestamp
        var health: KubernetesHealth
    }

    private struct ChangeQueued: Codable {
        var at: Timestamp
        var change: ProfileChange
    }

    private struct QueuedChangeWithdrawn: Codable {
        var at: Timestamp
        var by: String
        var change: ProfileChange
    }

    private struct QueuedChangeDropped: Codable {
        var at: Timestamp
        var change: ProfileChange
        var reason: RefusalReason
    }

    private struct UpgradeAt: Codable {
        var at: Timestamp
        var upgrade: Int
    }

    private struct Deferred: Codable {
        var at: Timestamp
        var reason: DeferralReason
    }

    private struct At: Codable {
        var at: Timestamp
    }

    private struct NodeFinished: Codable {
        var at: Timestamp
        var node: NodeID
        var upgrade: Int
    }
}
