/// An identifier the inventory names by a string (`ClusterID`, `NodeID`, `PoolID`): stored and
/// served as the bare string.
public protocol StringIdentifier: Codable {
    var rawValue: String { get }
    init(_ rawValue: String)
}

extension StringIdentifier {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
