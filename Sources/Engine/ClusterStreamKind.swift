import EventStore
import UpgradeDomain

/// Which kind a `cluster/<id>` stream holds, told by its registration event's type: edge
/// clusters and template-based deployments share the stream name and never the event types.
public enum ClusterStreamKind {
    /// The registration event type of each kind.
    public static let edgeRegistration = "ClusterRegistered"
    public static let templateRegistration = "TemplateDeploymentRegistered"

    /// The kind registered on the stream whose events are `recorded`, if any registered.
    public static func kind(of recorded: some Sequence<RecordedEvent>) -> ClusterKind? {
        for event in recorded {
            if event.type == edgeRegistration { return .edge }
            if event.type == templateRegistration { return .templateBased }
        }
        return nil
    }

    /// The kind registered for `cluster` in `store`, if any (reads the cluster's stream).
    public static func kind(of cluster: String, in store: EventStore) throws -> ClusterKind? {
        kind(of: try store.readStream(EdgeClusters.stream(cluster)))
    }
}
