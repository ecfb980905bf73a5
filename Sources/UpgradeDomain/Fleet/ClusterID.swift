/// The identifier of a cluster, as the fleet inventory names it.
public struct ClusterID: Sendable, Hashable, StringIdentifier, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The raw identifier.
    public var rawValue: String

    /// Wraps a raw identifier.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public static func < (lhs: ClusterID, rhs: ClusterID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    public var description: String { rawValue }
}
