import UpgradeDomain

/// A registration under an id whose `cluster/<id>` stream already holds the other kind: an id
/// names either an edge cluster or a template-based deployment, never both. Nothing is written.
public struct ClusterKindConflict: Error, Sendable, Hashable, CustomStringConvertible {
    /// The id asked for.
    public var cluster: String
    /// What the stream already holds.
    public var registered: ClusterKind
    /// What the refused registration asked for.
    public var requested: ClusterKind

    public init(cluster: String, registered: ClusterKind, requested: ClusterKind) {
        self.cluster = cluster
        self.registered = registered
        self.requested = requested
    }

    public var description: String {
        "\(cluster) is already registered as \(Self.noun(registered)); it cannot also be \(Self.noun(requested))"
    }

    static func noun(_ kind: ClusterKind) -> String {
        switch kind {
        case .edge: "an edge cluster"
        case .templateBased: "a template-based deployment"
        }
    }
}
