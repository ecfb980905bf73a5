/// An operator's explicit decision to skip a Kubernetes minor version anyway.
public struct MinorSkipOverride: Sendable, Hashable, Codable {
    /// Who forced it.
    public var actor: String
    /// Why.
    public var reason: String

    /// Creates an override.
    public init(actor: String, reason: String) {
        self.actor = actor
        self.reason = reason
    }
}
