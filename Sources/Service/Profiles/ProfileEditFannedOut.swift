import Engine
import UpgradeDomain

/// The record that an edit in place of a profile version reached every cluster it fans out to,
/// on the stream `fanouts/<profile name>`. An edit without one was cut short (the service stopped
/// between storing the edit and telling the last cluster): the next start finishes it.
struct ProfileEditFannedOut: Sendable, Codable, Hashable {
    static let typeName = "ProfileEditFannedOut"
    static func stream(_ name: String) -> String { "fanouts/\(name)" }

    /// The edited version.
    var profile: ProfileReference
    /// The log position of its `ProfileVersionEdited` event.
    var edit: UInt64
}
