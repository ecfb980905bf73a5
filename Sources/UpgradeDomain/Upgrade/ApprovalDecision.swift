/// A named person's decision on a repave, with their comment.
public struct ApprovalDecision: Sendable, Hashable, Codable {
    /// Who decided.
    public var actor: String
    /// Why.
    public var comment: String
    /// When.
    public var at: Timestamp

    /// Creates a decision.
    public init(actor: String, comment: String, at: Timestamp) {
        self.actor = actor
        self.comment = comment
        self.at = at
    }
}
