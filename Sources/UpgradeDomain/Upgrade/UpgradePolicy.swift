/// Deadlines and retry limits for node steps, set per cluster at registration.
public struct UpgradePolicy: Sendable, Hashable, Codable {
    /// How long any step may take unless overridden, in milliseconds.
    public var stepTimeoutMilliseconds: Int64
    /// Per-step deadlines, in milliseconds, for steps that need more (or less) time.
    public var stepTimeoutOverrides: [NodeStep: Int64]
    /// How many times a failed or timed-out step is tried again before the upgrade fails.
    public var maxRetries: Int

    /// Creates a policy.
    public init(stepTimeoutMilliseconds: Int64, stepTimeoutOverrides: [NodeStep: Int64] = [:], maxRetries: Int) {
        self.stepTimeoutMilliseconds = stepTimeoutMilliseconds
        self.stepTimeoutOverrides = stepTimeoutOverrides
        self.maxRetries = max(maxRetries, 0)
    }

    /// Ten minutes per step, two retries.
    /// The longest step timeout (and template no-progress deadline) an operator may set: 366 days.
    public static let longestStepTimeoutMilliseconds: Int64 = 366 * 86_400_000

    public static let standard = UpgradePolicy(stepTimeoutMilliseconds: 600_000, maxRetries: 2)

    /// The deadline budget for `step`.
    public func timeout(for step: NodeStep) -> Int64 {
        stepTimeoutOverrides.isEmpty ? stepTimeoutMilliseconds : stepTimeoutOverrides[step] ?? stepTimeoutMilliseconds
    }

    private enum CodingKeys: String, CodingKey {
        case stepTimeoutMilliseconds, stepTimeoutOverrides, maxRetries
    }

    /// Encodes overrides in step order so the same policy always gives the same bytes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stepTimeoutMilliseconds, forKey: .stepTimeoutMilliseconds)
        var overrides = container.nestedUnkeyedContainer(forKey: .stepTimeoutOverrides)
        for step in stepTimeoutOverrides.keys.sorted() {
            try overrides.encode(step)
            try overrides.encode(stepTimeoutOverrides[step])
        }
        try container.encode(maxRetries, forKey: .maxRetries)
    }
}
