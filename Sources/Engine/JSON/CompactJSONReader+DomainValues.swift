import Foundation
import UpgradeDomain

/// The synthesized `Codable` forms of small domain values, read back by the event readers as
/// `JSONScalar+DomainValues` writes them.
extension CompactJSONReader {
    /// `read` for a whole domain event, by `reader` (named in a failed check). Debug builds check
    /// every event read directly against `JSONDecoder`'s reading of the same bytes.
    static func readEvent(_ payload: Data, by reader: String, _ read: (inout CompactJSONReader) -> UpgradeEvent?) -> UpgradeEvent? {
        let event = Self.read(payload, read)
        assert(event == nil || event == (try? JSONDecoder().decode(UpgradeEvent.self, from: payload)),
               "\(reader) differs from the Decodable form of \(String(decoding: payload, as: UTF8.self))")
        return event
    }

    /// `{"millisecondsSinceEpoch":N}`: the synthesized form of `Timestamp`.
    mutating func timestamp() -> Timestamp? {
        guard literal(#"{"millisecondsSinceEpoch":"#), let ms = integer(), literal("}") else { return nil }
        return Timestamp(millisecondsSinceEpoch: ms)
    }

    /// `{"rawValue":"…"}`: the synthesized form of the identifier wrappers.
    mutating func rawValue() -> String? {
        guard literal(#"{"rawValue":"#), let text = string(), literal("}") else { return nil }
        return text
    }

    /// `{"name":"…","version":"…"}`.
    mutating func profile() -> ProfileReference? {
        guard literal(#"{"name":"#), let name = string(),
              literal(#","version":"#), let version = string(), literal("}") else { return nil }
        return ProfileReference(name: name, version: version)
    }
}
