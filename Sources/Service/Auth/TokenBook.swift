import Crypto
import Foundation

/// The configured tokens, looked up by the SHA-256 of the presented bearer token.
public struct TokenBook: Sendable {
    private let byHash: [String: TokenRecord]

    public init(_ records: [TokenRecord]) {
        byHash = Dictionary(records.map { ($0.sha256.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Lowercase hex SHA-256 of `token`, as the config file stores it.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The principal for a presented token, or nil when no configured hash matches.
    public func principal(for token: String) -> Principal? {
        guard let record = byHash[Self.hash(token)] else { return nil }
        return Principal(name: record.name, role: record.role, cluster: record.cluster)
    }
}
