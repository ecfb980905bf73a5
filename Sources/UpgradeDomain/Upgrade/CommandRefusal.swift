/// A refused command: the typed outcome of `decide`, storable as `UpgradeEvent.commandRefused`.
public struct CommandRefusal: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The refused command's name (e.g. `changeProfile`).
    public var command: String
    /// Why it was refused.
    public var reason: RefusalReason
    /// When the command arrived.
    public var at: Timestamp

    /// Creates a refusal.
    public init(command: String, reason: RefusalReason, at: Timestamp) {
        self.command = command
        self.reason = reason
        self.at = at
    }

    public var description: String { "\(command) refused at \(at): \(reason)" }
}
