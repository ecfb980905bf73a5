import UpgradeDomain

/// Profile references and changes as JSON with a fixed key order, and as text.
enum ProfileJSON {
    /// `{"name":"retail","version":"1.1.0"}`
    static func reference(_ profile: ProfileReference) -> String {
        JSONText.object([("name", JSONText.quote(profile.name)), ("version", JSONText.quote(profile.version))])
    }

    /// `retail 1.1.0`
    static func text(_ profile: ProfileReference) -> String { "\(profile.name) \(profile.version)" }
}
