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

extension RolloutArithmeticError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .bothZero: "maxSurge and maxUnavailable are both 0, so the rollout could never make progress"
        case .negative(let field, let value): "\(field.rawValue) \(value) is negative"
        }
    }
}
