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
        /// An integer or a percentage such as `25%`, at most `100%`.
        var maxSurge: String?
        var maxUnavailable: String?
    }

    struct Policy: Decodable, Sendable {
        var stepTimeoutMs: Int64?
        var maxRetries: Int?
    }

    var id: String
    /// The inventory's status: `provisioning`, `running` (when absent) or `deleting`. Profile
    /// changes are refused until it is `running` (`POST /v1/clusters/{id}/status` reports a change).
    var status: String?
    var targetInfrastructure: String?
    var profile: ProfileReferenceBody
    var pools: [Pool]
    var policy: Policy?

    /// The domain cluster, its Kubernetes version and CNI taken from the profile version. Every
    /// problem is a 400 naming its JSON path.
    func cluster(on profile: ProfileVersion) throws -> Cluster {
        try PathSegment.check(id, field: "id", maxBytes: PathSegment.clusterIDMaxBytes)
        try checkPolicy()
        let status = try status.map { try ClusterStatus(parsing: $0, field: "status") } ?? .running
        guard !pools.isEmpty else { throw APIError.badRequest("pools must not be empty") }
        // What the domain cannot be given (an unknown role, an empty name, an elemental host that
        // is not a node) is refused here; what it checks itself (duplicates, spare hosts, the
        // control-plane pool, budgets) is refused by `validate()` below and named by `describe`.
        for (index, pool) in pools.enumerated() where NodeRole(rawValue: pool.role) == nil {
            throw APIError.badRequest("pools[\(index)].role \(pool.role) is not control-plane or worker")
        }
        var domainPools: [NodePool] = []
        for (index, pool) in pools.enumerated() {
            let at = "pools[\(index)]"
            guard !pool.id.isEmpty else { throw APIError.badRequest("\(at).id must not be empty") }
            guard let role = NodeRole(rawValue: pool.role) else { continue }  // refused above
            guard !pool.nodes.isEmpty else { throw APIError.badRequest("\(at).nodes must not be empty") }
            for (position, node) in pool.nodes.enumerated() where node.isEmpty {
                throw APIError.badRequest("\(at).nodes[\(position)] must not be empty")
            }
            for (position, host) in (pool.elementalHosts ?? []).enumerated() where !pool.nodes.contains(host) {
                throw APIError.badRequest("\(at).elementalHosts[\(position)]: \(host) is not one of \(at).nodes")
            }
            let elemental = Set(pool.elementalHosts ?? [])
            let nodes = pool.nodes.map { FleetNode(id: NodeID($0), role: role, isElementalHost: elemental.contains($0)) }
            let budget = RolloutBudget(
                maxSurge: try Self.rollout(pool.maxSurge, default: RolloutBudget.clusterAPIDefault.maxSurge, field: "\(at).maxSurge"),
                maxUnavailable: try Self.rollout(pool.maxUnavailable, default: RolloutBudget.clusterAPIDefault.maxUnavailable, field: "\(at).maxUnavailable"))
            domainPools.append(NodePool(id: PoolID(pool.id), role: role, nodes: nodes, spareHosts: pool.spareHosts ?? 0,
                                        resetsOnRemoval: pool.resetsOnRemoval ?? false, rollout: budget))
        }
        let cluster = Cluster(
            id: ClusterID(id), kind: .edge, targetInfrastructure: targetInfrastructure ?? "edge-native", pools: domainPools,
            profile: profile.reference, status: status, kubernetesVersion: profile.kubernetesVersion, cniPack: profile.cniPack)
        do {
            try cluster.validate()
        } catch {
            throw APIError.badRequest(Self.describe(error, pools: pools))
        }
        return cluster
    }

    /// `policy.stepTimeoutMs` above 0 and at most 366 days, and `policy.maxRetries` 0 or more.
    private func checkPolicy() throws {
        if let timeout = policy?.stepTimeoutMs, !(1...UpgradePolicy.longestStepTimeoutMilliseconds).contains(timeout) {
            throw APIError.badRequest("policy.stepTimeoutMs \(timeout) must be 1 to \(UpgradePolicy.longestStepTimeoutMilliseconds) (milliseconds a node step may take, at most 366 days)")
        }
        if let retries = policy?.maxRetries, retries < 0 {
            throw APIError.badRequest("policy.maxRetries \(retries) is negative; a step is retried 0 or more times")
        }
    }

    /// The domain's objection, led by the JSON path of what it names.
    static func describe(_ error: FleetValidationError, pools: [Pool]) -> String {
        switch error {
        case .noControlPlanePool:
            return "pools: the cluster needs a pool with role control-plane (an upgrade starts there)"
        case .duplicatePool(let pool):
            let at = pools.indices.filter { pools[$0].id == pool.rawValue }
            guard at.count > 1 else { break }
            return "pools[\(at[1])].id: pool \(pool) is also pools[\(at[0])]"
        case .duplicateNode(let node):
            let at = pools.indices.flatMap { index in
                pools[index].nodes.indices.filter { pools[index].nodes[$0] == node.rawValue }.map { "pools[\(index)].nodes[\($0)]" }
            }
            guard at.count > 1 else { break }
            return "\(at[1]): node \(node) is also \(at[0])"
        case .negativeSpareHosts(let pool, let value):
            guard let index = pools.firstIndex(where: { $0.id == pool.rawValue }) else { break }
            return "pools[\(index)].spareHosts \(value) is negative; a pool has 0 or more spare hosts"
        case .invalidRolloutBudget(let pool, _), .nodeRoleMismatch(_, _, let pool, _):
            guard let index = pools.firstIndex(where: { $0.id == pool.rawValue }) else { break }
            return "pools[\(index)]: \(error)"
        }
        return "pools: \(error)"
    }

    var upgradePolicy: UpgradePolicy {
        UpgradePolicy(stepTimeoutMilliseconds: policy?.stepTimeoutMs ?? UpgradePolicy.standard.stepTimeoutMilliseconds,
                      maxRetries: policy?.maxRetries ?? UpgradePolicy.standard.maxRetries)
    }

    /// A pool's `maxSurge` or `maxUnavailable`: a count, or a percentage of 0% to 100%
    /// (`RolloutValue.acceptedPercentages`), as the scenario files take it. Anything else is 400
    /// `invalid_body` naming `field`. Stored budgets beyond 100% are read as they are, never here.
    static func rollout(_ text: String?, default value: RolloutValue, field: String) throws -> RolloutValue {
        guard let text else { return value }
        let digits = text.dropLast()
        if text.hasSuffix("%"), !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            let accepted = RolloutValue.acceptedPercentages
            // Digits beyond `Int` are more than 100% too.
            guard let percent = Int(digits), accepted.contains(percent) else {
                throw APIError(.badRequest, code: "invalid_body",
                               "\(field) \(text) is more than \(accepted.upperBound)%: a share of the pool's nodes, at most all of them")
            }
            return .percent(percent)
        }
        if let count = Int(text), count >= 0 { return .count(count) }
        throw APIError(.badRequest, code: "invalid_body", "\(field) \(text) is not a non-negative integer or percentage")
    }
}

/// `{"name": …, "version": …}`.
struct ProfileReferenceBody: Codable, Sendable {
    var name: String
    var version: String
    var reference: ProfileReference { ProfileReference(name: name, version: version) }
}

extension ClusterRegistration: KeyedBody {
    static let bodyKeys = BodyKeys.object([
        ("id", .anything), ("status", .anything), ("targetInfrastructure", .anything),
        ("profile", .object([("name", .anything), ("version", .anything)])),
        ("pools", .array(.object([
            ("id", .anything), ("role", .anything), ("nodes", .anything), ("spareHosts", .anything),
            ("resetsOnRemoval", .anything), ("elementalHosts", .anything), ("maxSurge", .anything), ("maxUnavailable", .anything),
        ]))),
        ("policy", .object([("stepTimeoutMs", .anything), ("maxRetries", .anything)])),
    ])
}
