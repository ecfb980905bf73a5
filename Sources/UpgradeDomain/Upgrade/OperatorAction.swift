/// An operator action (pause, resume, cancel) with who, why and when.
public struct OperatorAction: Sendable, Hashable, Codable {
    /// Who acted; `engine` when the decider itself holds an upgrade.
    public var actor: String
    /// Free text.
    public var comment: String
    /// When.
    public var at: Timestamp

    /// Creates an action record.
    public init(actor: String, comment: String = "", at: Timestamp) {
        self.actor = actor
        self.comment = comment
        self.at = at
    }
}
