/// The concurrency a pool allows during one upgrade, after rolling arithmetic, quorum and spare hosts.
public struct PoolRolloutLimits: Sendable, Hashable, Codable {
    /// The pool.
    public var pool: PoolID
    /// Its role.
    public var role: NodeRole
    /// The budget as resolved by Cluster API's arithmetic, before this upgrade's adjustments.
    public var resolved: ResolvedRollout
    /// Nodes that may be out of service at once.
    public var maxUnavailable: Int
    /// Replacements that may be surged at once (bounded by spare hosts).
    public var maxSurge: Int

    /// Creates limits.
    public init(pool: PoolID, role: NodeRole, resolved: ResolvedRollout, maxUnavailable: Int, maxSurge: Int) {
        self.pool = pool
        self.role = role
        self.resolved = resolved
        self.maxUnavailable = maxUnavailable
        self.maxSurge = maxSurge
    }
}
