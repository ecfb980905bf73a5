/// A rolling-update bound: an absolute node count or a percentage of the desired replicas.
///
/// Mirrors Cluster API's int-or-percent `maxSurge` / `maxUnavailable`.
public enum RolloutValue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// An absolute number of nodes.
    case count(Int)
    /// A percentage of the pool's desired replicas: 0 to 100 (`acceptedPercentages`) in a new
    /// budget; a stored one beyond stays readable.
    case percent(Int)

    /// The percentages a new budget takes: a share of the pool's desired replicas, none beyond all of
    /// them. The service's bodies and the scenario files refuse another; events recorded before the
    /// service refused them hold larger ones, which still decode and resolve (to more than any pool holds).
    public static let acceptedPercentages: ClosedRange<Int> = 0...100

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
