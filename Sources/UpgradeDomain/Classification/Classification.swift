/// The verdict for one pack change: what the cluster will do, why, and every changed path explained.
public struct Classification: Hashable, Sendable {
    /// The cluster's response: a behaviour, or a refusal.
    public enum Outcome: Hashable, Sendable {
        /// The change is applied with this behaviour.
        case behavior(Behavior)
        /// The change is not allowed on this cluster (e.g. replacing the CNI pack on edge).
        case rejected

        /// `repave`, `reboot`, `service-restart`, `config-reload`, `no-op` or `rejected`.
        public var label: String {
            switch self {
            case .behavior(let behavior): behavior.rawValue
            case .rejected: "rejected"
            }
        }
    }

    /// The cluster's response: the most disruptive behaviour of the changes, or `rejected`.
    public let outcome: Outcome
    /// One sentence saying why.
    public let reason: String
    /// Every changed path, sorted by path.
    public let changes: [ClassifiedChange]

    /// The behaviour, nil when rejected.
    public var behavior: Behavior? {
        if case .behavior(let behavior) = outcome { return behavior }
        return nil
    }
}
