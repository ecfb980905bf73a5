/// One pack of a profile version: which layer it fills, its name and version, and its values.
public struct ProfilePack: Sendable, Hashable {
    public var layer: Layer
    public var name: String
    public var version: String
    public var values: PackValues

    public init(layer: Layer, name: String, version: String, values: PackValues = .empty) {
        self.layer = layer
        self.name = name
        self.version = version
        self.values = values
    }
}

extension ProfilePack {
    /// The index in `earlier` of the pack this one would repeat in a profile version, or nil: an
    /// add-on is found by its name (assessments and overrides look add-ons up by name), any other
    /// pack by its layer (a version has at most one pack of each other layer).
    public func repeats(in earlier: [ProfilePack]) -> Int? {
        earlier.firstIndex { layer == .addon ? $0.layer == .addon && $0.name == name : $0.layer == layer }
    }
}
