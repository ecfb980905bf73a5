/// What went wrong with a node step.
public enum StepError: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The agent reported a failure with this message.
    case reported(String)
    private enum ReportedCodingKeys: String, CodingKey { case _0 = "message" }
    /// No report arrived before the deadline.
    case timedOut(deadline: Timestamp)

    public var description: String {
        switch self {
        case .reported(let message): "reported: \(message)"
        case .timedOut(let deadline): "timed out (deadline \(deadline))"
        }
    }
}
