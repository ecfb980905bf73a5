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
        // Every request pays this: hex digits by table, not `String(format:)` per byte.
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Array(token.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The principal for a presented token, or nil when no configured hash matches.
    public func principal(for token: String) -> Principal? {
        guard let record = byHash[Self.hash(token)] else { return nil }
        return Principal(name: record.name, role: record.role, cluster: record.cluster)
    }
}
