import UpgradeDomain

/// Writes the payload of `clusterRegistered` directly, without going through `Encodable`.
///
/// Every cluster of a replayed fleet is registered once, with every node of every pool; through
/// `Encodable` that was the costliest payload after the plan of `profileChangeAccepted`. The
/// bytes are those of `UpgradeEventPayload` (and `UpgradePolicy`'s own `Codable` form: overrides as
/// step, milliseconds, … in step order), keys in byte order; optional fields absent when nil.
/// Debug builds check every payload written here against the general encoder.
enum ClusterRegisteredJSON {
    static func encode(_ event: UpgradeEvent) -> [UInt8]? {
        guard case .clusterRegistered(let cluster, let policy, let at) = event else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(768 + 128 * cluster.pools.reduce(0) { $0 + $1.nodes.count })
        out.append(contentsOf: #"{"at":"#.utf8)
        JSONScalar.appendTimestamp(at, to: &out)
        out.append(contentsOf: #","cluster":"#.utf8)
        appendCluster(cluster, to: &out)
        out.append(contentsOf: #","policy":{"maxRetries":"#.utf8)
        JSONScalar.appendInteger(policy.maxRetries, to: &out)
        out.append(contentsOf: #","stepTimeoutMilliseconds":"#.utf8)
        JSONScalar.appendInteger(policy.stepTimeoutMilliseconds, to: &out)
        out.append(contentsOf: #","stepTimeoutOverrides":["#.utf8)
        for (index, step) in policy.stepTimeoutOverrides.keys.sorted().enumerated() {
            if index > 0 { out.append(0x2C) }
            JSONScalar.appendString(step.rawValue, to: &out)
            out.append(0x2C)
            JSONScalar.appendInteger(policy.stepTimeoutOverrides[step] ?? 0, to: &out)
        }
        out.append(contentsOf: "]}}".utf8)
        assert(out == (try? UpgradeEventPayload.encode(event)), "ClusterRegisteredJSON differs from the Codable form of \(event)")
        return out
    }

    private static func appendCluster(_ cluster: Cluster, to out: inout [UInt8]) {
        out.append(0x7B)
        if let cni = cluster.cniPack {
            out.append(contentsOf: #""cniPack":"#.utf8)
            JSONScalar.appendString(cni, to: &out)
            out.append(0x2C)
        }
        out.append(contentsOf: #""id":"#.utf8)
        JSONScalar.appendString(cluster.id.rawValue, to: &out)
        out.append(contentsOf: #","kind":"#.utf8)
        JSONScalar.appendString(cluster.kind.rawValue, to: &out)
        out.append(contentsOf: #","kubernetesHealth":"#.utf8)
        JSONScalar.appendString(cluster.kubernetesHealth.rawValue, to: &out)
        if let version = cluster.kubernetesVersion {
            out.append(contentsOf: #","kubernetesVersion":"#.utf8)
            JSONScalar.appendString(version, to: &out)
        }
        out.append(contentsOf: #","orphanedPacks":"#.utf8)
        JSONScalar.appendStrings(cluster.orphanedPacks, to: &out)
        out.append(contentsOf: #","pools":["#.utf8)
        for (index, pool) in cluster.pools.enumerated() {
            if index > 0 { out.append(0x2C) }
            appendPool(pool, to: &out)
        }
        out.append(contentsOf: #"],"profile":"#.utf8)
        JSONScalar.appendProfile(cluster.profile, to: &out)
        out.append(contentsOf: #","status":"#.utf8)
        JSONScalar.appendString(cluster.status.rawValue, to: &out)
        out.append(contentsOf: #","targetInfrastructure":"#.utf8)
        JSONScalar.appendString(cluster.targetInfrastructure, to: &out)
        out.append(0x7D)
    }

    private static func appendPool(_ pool: NodePool, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"id":"#.utf8)
        JSONScalar.appendString(pool.id.rawValue, to: &out)
        out.append(contentsOf: #","nodes":["#.utf8)
        for (index, node) in pool.nodes.enumerated() {
            if index > 0 { out.append(0x2C) }
            out.append(contentsOf: #"{"id":"#.utf8)
            JSONScalar.appendString(node.id.rawValue, to: &out)
            out.append(contentsOf: #","isElementalHost":"#.utf8)
            JSONScalar.appendBool(node.isElementalHost, to: &out)
            out.append(contentsOf: #","role":"#.utf8)
            JSONScalar.appendString(node.role.rawValue, to: &out)
            out.append(0x7D)
        }
        out.append(contentsOf: #"],"resetsOnRemoval":"#.utf8)
        JSONScalar.appendBool(pool.resetsOnRemoval, to: &out)
        out.append(contentsOf: #","role":"#.utf8)
        JSONScalar.appendString(pool.role.rawValue, to: &out)
        out.append(contentsOf: #","rollout":{"maxSurge":"#.utf8)
        appendRolloutValue(pool.rollout.maxSurge, to: &out)
        out.append(contentsOf: #","maxUnavailable":"#.utf8)
        appendRolloutValue(pool.rollout.maxUnavailable, to: &out)
        out.append(contentsOf: #"},"spareHosts":"#.utf8)
        JSONScalar.appendInteger(pool.spareHosts, to: &out)
        out.append(0x7D)
    }

    /// `N` or `"N%"`, as Cluster API writes int-or-percent values.
    private static func appendRolloutValue(_ value: RolloutValue, to out: inout [UInt8]) {
        switch value {
        case .count(let n):
            JSONScalar.appendInteger(n, to: &out)
        case .percent(let p):
            out.append(0x22)
            JSONScalar.appendInteger(p, to: &out)
            out.append(contentsOf: #"%""#.utf8)
        }
    }
}
