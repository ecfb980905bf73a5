/// The layer of a cluster profile a pack belongs to.
public enum Layer: String, Hashable, Sendable, CaseIterable {
    /// The operating system pack (for edge BYOI: `edge-native-byoi`).
    case os
    /// The Kubernetes distribution pack.
    case kubernetes
    /// The CNI pack.
    case network
    /// The CSI pack.
    case storage
    /// Any add-on pack (applications, monitoring, …).
    case addon
}
