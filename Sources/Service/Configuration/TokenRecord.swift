/// One bearer token as the config file holds it: never the token, only its SHA-256 (hex).
public struct TokenRecord: Sendable, Codable, Hashable {
    /// Who the token belongs to; recorded as the actor of what it does.
    public var name: String
    public var role: Role
    /// Lowercase hex SHA-256 of the token.
    public var sha256: String
    /// For agent tokens: the one cluster they act for.
    public var cluster: String?

    public init(name: String, role: Role, sha256: String, cluster: String? = nil) {
        self.name = name
        self.role = role
        self.sha256 = sha256.lowercased()
        self.cluster = cluster
    }
}
