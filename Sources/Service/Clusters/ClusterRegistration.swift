import UpgradeDomain

/// The body of `POST /v1/clusters`: an edge cluster with its pools and nodes, on a published
/// profile version.
struct ClusterRegistration: Decodable, Sendable {
    struct Pool: Decodable, Sendable {
        var id: String
        /// `control-plane` or `worker`.
        var role: String
        var nodes: [String]
        var spareHosts: Int?
        var resetsOnRemoval: Bool?
        /// Nodes that are Elemental hosts (updated in place).
        var elementalHosts: [String]?
        /// An integer or a percentage such as `25%`.
        var maxSurge: String?
        var maxUnavailable: String?
    }

    struct Policy: Decodable, Sendable {
        var stepTimeoutMs: Int64?
        var maxRetries: Int?
    }

    var id: String
    var targetInfrastructure: String?
    var profile: ProfileReferenceBody
    var pools: [Pool]
    var policy: Policy?

    /// The domain cluster, its Kubernetes version and CNI taken from the profile version.
    func cluster(on profile: ProfileVersion) throws -> Cluster {
        guard !id.isEmpty, !id.contains("/") else { throw APIError.badRequest("id must be non-empty and without '/'") }
        guard !pools.isEmpty else { throw APIError.badRequest("pools must not be empty") }
        var domainPools: [NodePool] = []
        for (index, pool) in pools.enumerated() {
            guard let role = NodeRole(rawValue: pool.role) else {
                throw APIError.badRequest("pools[\(index)].role \(pool.role) is not control-plane or worker")
            }
            guard !pool.nodes.isEmpty else { throw APIError.badRequest("pools[\(index)].nodes must not be empty") }
            let elemental = Set(pool.elementalHosts ?? [])
            let nodes = pool.nodes.map { FleetNode(id: NodeID($0), role: role, isElementalHost: elemental.contains($0)) }
            let budget = RolloutBudget(
                maxSurge: try Self.rollout(pool.maxSurge, default: RolloutBudget.clusterAPIDefault.maxSurge, field: "pools[\(index)].maxSurge"),
                maxUnavailable: try Self.rollout(pool.maxUnavailable, default: RolloutBudget.clusterAPIDefault.maxUnavailable, field: "pools[\(index)].maxUnavailable"))
            domainPools.append(NodePool(id: PoolID(pool.id), role: role, nodes: nodes, spareHosts: pool.spareHosts ?? 0,
                                        resetsOnRemoval: pool.resetsOnRemoval ?? false, rollout: budget))
        }
        let cluster = Cluster(
            id: ClusterID(id), kind: .edge, targetInfrastructure: targetInfrastructure ?? "edge-native", pools: domainPools,
            profile: profile.reference, kubernetesVersion: profile.kubernetesVersion, cniPack: profile.cniPack)
        do {
            try cluster.validate()
        } catch {
            throw APIError.badRequest("the cluster is not valid: \(error)")
        }
        return cluster
    }

    var upgradePolicy: UpgradePolicy {
        UpgradePolicy(stepTimeoutMilliseconds: policy?.stepTimeoutMs ?? UpgradePolicy.standard.stepTimeoutMilliseconds,
                      maxRetries: policy?.maxRetries ?? UpgradePolicy.standard.maxRetries)
    }

    static func rollout(_ text: String?, default value: RolloutValue, field: String) throws -> RolloutValue {
        guard let text else { return value }
        if text.hasSuffix("%"), let percent = Int(text.dropLast()), percent >= 0 { return .percent(percent) }
        if let count = Int(text), count >= 0 { return .count(count) }
        throw APIError.badRequest("\(field) \(text) is not a non-negative integer or percentage")
    }
}

/// `{"name": …, "version": …}`.
struct ProfileReferenceBody: Codable, Sendable {
    var name: String
    var version: String
    var reference: ProfileReference { ProfileReference(name: name, version: version) }
}
