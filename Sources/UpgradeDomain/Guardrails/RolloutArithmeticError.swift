/// Why a rolling budget cannot be resolved.
public enum RolloutArithmeticError: Error, Sendable, Hashable, Codable {
    /// Both bounds were given as the integer 0: the rollout could never make progress.
    case bothZero
    /// A bound was negative.
    case negative(field: RolloutField, value: RolloutValue)
}

/// Which bound of a rolling budget an error is about.
public enum RolloutField: String, Sendable, Hashable, Codable {
    case maxSurge
    case maxUnavailable
}
