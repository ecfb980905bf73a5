/// A rolling-update bound: an absolute node count or a percentage of the desired replicas.
///
/// Mirrors Cluster API's int-or-percent `maxSurge` / `maxUnavailable`.
public enum RolloutValue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// An absolute number of nodes.
    case count(Int)
    /// A percentage (0...100 is usual) of the pool's desired replicas.
    case percent(Int)

    public var description: String {
        switch self {
        case .count(let n): "\(n)"
        case .percent(let p): "\(p)%"
        }
    }
}

extension RolloutValue {
    /// Cluster API's int-or-string form: a count as a number (`1`), a percentage as text (`"25%"`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let count = try? container.decode(Int.self) {
            self = .count(count)
            return
        }
        let text = try container.decode(String.self)
        guard text.hasSuffix("%"), let percent = Int(text.dropLast()) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a count or a percentage such as \"25%\", found \"\(text)\"")
        }
        self = .percent(percent)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .count(let count): try container.encode(count)
        case .percent(let percent): try container.encode("\(percent)%")
        }
    }
}
