/// The role a node plays; control-plane nodes are always upgraded before any worker.
public enum NodeRole: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Runs the API server and an etcd member.
    case controlPlane = "control-plane"
    /// Runs workloads.
    case worker

    /// Control plane sorts first.
    public static func < (lhs: NodeRole, rhs: NodeRole) -> Bool {
        lhs == .controlPlane && rhs == .worker
    }
}
