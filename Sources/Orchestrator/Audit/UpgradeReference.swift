import Engine
import Foundation

/// An upgrade named on the command line: its id (a UUID), or `CLUSTER#N` (the cluster's Nth upgrade).
enum UpgradeReference {
    static let acceptedForms = "an upgrade id (a UUID) or CLUSTER#N (the cluster's Nth upgrade)"

    static func parse(_ text: String) -> UUID? {
        if let id = UUID(uuidString: text) { return id }
        guard let hash = text.lastIndex(of: "#"), hash != text.startIndex,
              let number = Int(text[text.index(after: hash)...]), number >= 1 else { return nil }
        return StableID.upgrade(cluster: String(text[..<hash]), number: number)
    }

    /// The cluster a CLUSTER#N reference names; nil for an upgrade id.
    static func cluster(in text: String) -> String? {
        guard UUID(uuidString: text) == nil, let hash = text.lastIndex(of: "#"), hash != text.startIndex else { return nil }
        return String(text[..<hash])
    }
}
