/// The lifecycle status of a cluster as the fleet inventory reports it.
public enum ClusterStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Still being created; profile updates are refused.
    case provisioning
    /// Up and accepting profile updates.
    case running
    /// Being torn down; profile updates are refused.
    case deleting
}
