import Foundation
import UpgradeDomain

/// The stored forms of small domain values, read back by the event readers as
/// `JSONScalar+DomainValues` writes them.
extension CompactJSONReader {
    /// `read` for a whole domain event of stored type `type`, by `reader` (named in a failed
    /// check). Debug builds check every event read directly against `UpgradeEventPayload`'s
    /// reading of the same bytes.
    static func readEvent(
        _ payload: Data, type: String, by reader: String, _ read: (inout CompactJSONReader) -> UpgradeEvent?
    ) -> UpgradeEvent? {
        let event = Self.read(payload, read)
        assert(event == nil || event == (try? UpgradeEventPayload.decode(type: type, from: payload)),
               "\(reader) differs from the Decodable form of \(String(decoding: payload, as: UTF8.self))")
        return event
    }

    /// `N`: a `Timestamp`, milliseconds since the epoch.
    mutating func timestamp() -> Timestamp? {
        integer().map(Timestamp.init(millisecondsSinceEpoch:))
    }

    /// `{"name":"…","version":"…"}`.
    mutating func profile() -> ProfileReference? {
        guard literal(#"{"name":"#), let name = string(),
              literal(#","version":"#), let version = string(), literal("}") else { return nil }
        return ProfileReference(name: name, version: version)
    }
}
