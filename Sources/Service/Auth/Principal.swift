/// The bearer of a valid token: who they are, their role, and the cluster an agent token is scoped to.
public struct Principal: Sendable, Hashable {
    public var name: String
    public var role: Role
    public var cluster: String?

    /// Whether a human role reaches at least `minimum` (agents never do).
    func reaches(_ minimum: Role) -> Bool {
        role != .agent && role >= minimum
    }
}
