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
