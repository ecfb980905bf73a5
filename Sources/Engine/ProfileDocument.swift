import UpgradeDomain

/// A profile version as the API takes it and the `profile/<name>` stream stores it: packs with
/// their values as YAML text, exactly as published. The service publishes and edits versions;
/// a replay publishes its scenario's versions, so a service on the replayed store knows them.
public struct ProfileDocument: Sendable, Codable, Hashable {
    public struct Pack: Sendable, Codable, Hashable {
        public var layer: String
        public var name: String
        public var version: String
        /// The pack's values, YAML.
        public var values: String?

        public init(layer: String, name: String, version: String, values: String?) {
            self.layer = layer
            self.name = name
            self.version = version
            self.values = values
        }
    }

    /// The event that publishes a version, and the one that replaces it in place.
    public static let publishedType = "ProfileVersionPublished"
    public static let editedType = "ProfileVersionEdited"

    public static func stream(_ name: String) -> String { "profile/\(name)" }

    public var name: String
    public var version: String
    /// `rke2`, `k3s`, `kubeadm`, `pxk-e`.
    public var distribution: String
    public var packs: [Pack]

    public init(name: String, version: String, distribution: String, packs: [Pack]) {
        self.name = name
        self.version = version
        self.distribution = distribution
        self.packs = packs
    }

    public var reference: ProfileReference { ProfileReference(name: name, version: version) }
}
