/// An agent's answer to a node step.
public enum StepOutcome: Sendable, Hashable, Codable {
    /// The step completed.
    case succeeded
    /// The step failed with this message.
    case failed(String)
    private enum FailedCodingKeys: String, CodingKey { case _0 = "message" }
}
