/// Whether the cluster's Kubernetes service answers.
///
/// While it is `down`, profile updates are deferred; they resume by themselves once it is `healthy`.
public enum KubernetesHealth: String, Sendable, Hashable, Codable, CaseIterable {
    /// The API server answers.
    case healthy
    /// The service is down; nothing new is applied until it is back.
    case down
}
