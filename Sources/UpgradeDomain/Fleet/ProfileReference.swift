/// A cluster profile by name and version, e.g. `edge-base` `1.4.0`.
public struct ProfileReference: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The profile's name.
    public var name: String
    /// The profile's version, as published.
    public var version: String

    /// Creates a reference.
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    public static func < (lhs: ProfileReference, rhs: ProfileReference) -> Bool {
        (lhs.name, lhs.version) < (rhs.name, rhs.version)
    }

    public var description: String { "\(name)@\(version)" }
}
