/// How a cluster is built and therefore which upgrade engine drives it.
public enum ClusterKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// An edge cluster on physical hosts, upgraded node by node by this package's decider.
    case edge
    /// A Cluster API template-based deployment, upgraded elsewhere by observing Cluster API.
    case templateBased = "template-based"
}
