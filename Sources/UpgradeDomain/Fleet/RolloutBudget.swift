/// A pool's rolling-update budget as configured: how far above and below the desired size it may go.
public struct RolloutBudget: Sendable, Hashable, Codable {
    /// How many extra nodes may exist while rolling (rounded up when a percentage).
    public var maxSurge: RolloutValue
    /// How many nodes may be unavailable while rolling (rounded down when a percentage).
    public var maxUnavailable: RolloutValue

    /// Creates a budget.
    public init(maxSurge: RolloutValue, maxUnavailable: RolloutValue) {
        self.maxSurge = maxSurge
        self.maxUnavailable = maxUnavailable
    }

    /// Cluster API's MachineDeployment default: surge 1, unavailable 0.
    public static let clusterAPIDefault = RolloutBudget(maxSurge: .count(1), maxUnavailable: .count(0))
}
