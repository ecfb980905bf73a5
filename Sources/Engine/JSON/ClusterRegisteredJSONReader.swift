import Foundation
import UpgradeDomain

/// Reads the payload `ClusterRegisteredJSON` writes back, without going through `Decodable`.
///
/// Every cluster's stream starts with its registration, which names every node of every pool:
/// through `JSONDecoder` that was, after the node steps, the costliest payload of a fold. This
/// reads exactly the writer's compact form (`CompactJSONReader`): optional fields present only
/// when not nil, a rollout value as `N` or `"N%"`, the policy's
/// overrides as step, milliseconds, … in step order. Every value the writer writes is read here
/// but one with a string that needs an escape; that, and any other text, gives nil and goes to
/// `JSONDecoder`. Debug builds check every event read here against it.
enum ClusterRegisteredJSONReader {
    static func decode(_ payload: Data, type: String, schema1: Bool = false) -> UpgradeEvent? {
        guard type == "ClusterRegistered" else { return nil }
        return CompactJSONReader.readEvent(payload, type: type, schema1: schema1, by: "ClusterRegisteredJSONReader") { reader -> UpgradeEvent? in
            let at: Timestamp, cluster: Cluster
            if reader.schema1 {
                // The cluster was the unlabelled `_0`, which sorts before `at`.
                guard reader.literal(#"{"clusterRegistered":{"_0":"#), let registered = reader.cluster(),
                      reader.literal(#","at":"#), let time = reader.timestamp() else { return nil }
                (at, cluster) = (time, registered)
            } else {
                guard reader.literal(#"{"at":"#), let time = reader.timestamp(),
                      reader.literal(#","cluster":"#), let registered = reader.cluster() else { return nil }
                (at, cluster) = (time, registered)
            }
            guard reader.literal(#","policy":"#), let policy = reader.policy(), reader.literal(reader.schema1 ? "}}" : "}") else { return nil }
            return .clusterRegistered(cluster, policy: policy, at: at)
        }
    }
}

private extension CompactJSONReader {
    mutating func cluster() -> Cluster? {
        guard literal("{"), let cniPack = optional(#""cniPack":"#, { $0.string() }), cniPack == nil || literal(","),
              literal(#""id":"#), let id = identifier(),
              literal(#","kind":"#), let kind = string().flatMap(ClusterKind.init(rawValue:)),
              literal(#","kubernetesHealth":"#), let health = string().flatMap(KubernetesHealth.init(rawValue:)),
              let version = optional(#","kubernetesVersion":"#, { $0.string() }),
              literal(#","orphanedPacks":"#), let orphanedPacks = strings(),
              literal(#","pools":"#), let pools = list({ $0.pool() }),
              literal(#","profile":"#), let profile = profile(),
              literal(#","status":"#), let status = string().flatMap(ClusterStatus.init(rawValue:)),
              literal(#","targetInfrastructure":"#), let infrastructure = string(), literal("}") else { return nil }
        return Cluster(id: ClusterID(id), kind: kind, targetInfrastructure: infrastructure, pools: pools, profile: profile,
                       status: status, kubernetesHealth: health, kubernetesVersion: version, cniPack: cniPack, orphanedPacks: orphanedPacks)
    }

    mutating func pool() -> NodePool? {
        guard literal(#"{"id":"#), let id = identifier(),
              literal(#","nodes":"#), let nodes = list({ $0.node() }),
              literal(#","resetsOnRemoval":"#), let resets = bool(),
              literal(#","role":"#), let role = string().flatMap(NodeRole.init(rawValue:)),
              literal(#","rollout":{"maxSurge":"#), let surge = rolloutValue(),
              literal(#","maxUnavailable":"#), let unavailable = rolloutValue(),
              literal(#"},"spareHosts":"#), let spares = int(), literal("}") else { return nil }
        return NodePool(id: PoolID(id), role: role, nodes: nodes, spareHosts: spares, resetsOnRemoval: resets,
                        rollout: RolloutBudget(maxSurge: surge, maxUnavailable: unavailable))
    }

    mutating func node() -> FleetNode? {
        guard literal(#"{"id":"#), let id = identifier(),
              literal(#","isElementalHost":"#), let elemental = bool(),
              literal(#","role":"#), let role = string().flatMap(NodeRole.init(rawValue:)), literal("}") else { return nil }
        return FleetNode(id: NodeID(id), role: role, isElementalHost: elemental)
    }

    /// `N` or `"N%"` (schema 1: `{"count":{"_0":N}}` or `{"percent":{"_0":N}}`).
    mutating func rolloutValue() -> RolloutValue? {
        if schema1 {
            let value: RolloutValue?
            if literal(#"{"count":{"_0":"#) {
                value = int().map(RolloutValue.count)
            } else if literal(#"{"percent":{"_0":"#) {
                value = int().map(RolloutValue.percent)
            } else {
                return nil
            }
            return literal("}}") ? value : nil
        }
        guard literal("\"") else { return int().map(RolloutValue.count) }
        guard let percent = int(), literal(#"%""#) else { return nil }
        return .percent(percent)
    }

    /// As `UpgradePolicy` encodes itself, keys in byte order.
    mutating func policy() -> UpgradePolicy? {
        guard literal(#"{"maxRetries":"#), let maxRetries = int(),
              literal(#","stepTimeoutMilliseconds":"#), let timeout = integer(),
              literal(#","stepTimeoutOverrides":"#), let overrides = stepTimeoutOverrides(), literal("}") else { return nil }
        var policy = UpgradePolicy(stepTimeoutMilliseconds: timeout, stepTimeoutOverrides: overrides, maxRetries: maxRetries)
        // As the synthesized `init(from:)` sets it: the initializer raises a negative count to 0.
        policy.maxRetries = maxRetries
        return policy
    }

    /// `["step",N,…]`, each step after the one before, as the writer orders them (so none twice).
    mutating func stepTimeoutOverrides() -> [NodeStep: Int64]? {
        guard literal("[") else { return nil }
        var overrides: [NodeStep: Int64] = [:]
        if literal("]") { return overrides }
        var previous: NodeStep?
        repeat {
            guard let step = string().flatMap(NodeStep.init(rawValue:)), previous.map({ $0 < step }) ?? true,
                  literal(","), let milliseconds = integer() else { return nil }
            overrides[step] = milliseconds
            previous = step
        } while literal(",")
        return literal("]") ? overrides : nil
    }
}
