/// One node (one host) of an edge cluster.
public struct FleetNode: Sendable, Hashable, Codable {
    /// The node's identifier, unique within its cluster.
    public var id: NodeID
    /// Control plane or worker; must match the pool it sits in.
    public var role: NodeRole
    /// An Elemental host: it resets when its machine is removed, and an OS version change
    /// is applied in place (drain, label `pending`, wait for `done`).
    public var isElementalHost: Bool

    /// Creates a node.
    public init(id: NodeID, role: NodeRole, isElementalHost: Bool = false) {
        self.id = id
        self.role = role
        self.isElementalHost = isElementalHost
    }
}
