/// A value before and after a profile change (a Kubernetes version, a CNI pack name).
public struct ValueTransition: Sendable, Hashable, Codable {
    /// The value the cluster has now; `nil` when absent.
    public var from: String?
    /// The value the new profile version asks for; `nil` when absent.
    public var to: String?

    /// Creates a transition.
    public init(from: String?, to: String?) {
        self.from = from
        self.to = to
    }

    /// Whether the value changes.
    public var changes: Bool { from != to }
}
