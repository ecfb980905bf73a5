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
