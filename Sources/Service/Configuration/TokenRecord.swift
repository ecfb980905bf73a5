import Engine
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

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name, role, sha256, cluster
    }

    /// An unknown key or role is refused, named by its JSON path.
    public init(from decoder: any Decoder) throws {
        try ConfigurationFileProblem.refuseUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let roleName = try container.decode(String.self, forKey: .role)
        guard let role = Role(rawValue: roleName) else {
            throw ConfigurationFileProblem(
                path: DecodingErrorText.path(decoder.codingPath + [CodingKeys.role as any CodingKey], root: ""),
                message: "\(roleName) is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.init(name: try container.decode(String.self, forKey: .name), role: role,
                  sha256: try container.decode(String.self, forKey: .sha256),
                  cluster: try container.decodeIfPresent(String.self, forKey: .cluster))
    }
}
