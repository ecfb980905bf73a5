import Foundation
import UpgradeDomain

/// The stored forms of small domain values, read back by the event readers as
/// `JSONScalar+DomainValues` writes them.
extension CompactJSONReader {
    /// `read` for a whole domain event of stored type `type`, by `reader` (named in a failed
    /// check). Debug builds check every event read directly against `UpgradeEventPayload`'s
    /// reading of the same bytes.
    static func readEvent(
        _ payload: Data, type: String, schema1: Bool, by reader: String, _ read: (inout CompactJSONReader) -> UpgradeEvent?
    ) -> UpgradeEvent? {
        let event = Self.read(payload, schema1: schema1, read)
        assert(event == nil || event == (try? UpgradeEventPayload.decode(type: type, from: schema1 ? LegacyPayload.rewrite(payload, type: type) : payload)),
               "\(reader) differs from the Decodable form of \(String(decoding: payload, as: UTF8.self))")
        return event
    }

    /// `N`: a `Timestamp`, milliseconds since the epoch (schema 1: `{"millisecondsSinceEpoch":N}`).
    mutating func timestamp() -> Timestamp? {
        if schema1 {
            guard literal(#"{"millisecondsSinceEpoch":"#), let ms = integer(), literal("}") else { return nil }
            return Timestamp(millisecondsSinceEpoch: ms)
        }
        return integer().map(Timestamp.init(millisecondsSinceEpoch:))
    }

    /// `"…"`: an identifier (schema 1: `{"rawValue":"…"}`).
    mutating func identifier() -> String? {
        guard schema1 else { return string() }
        guard literal(#"{"rawValue":"#), let text = string(), literal("}") else { return nil }
        return text
    }

    /// `body`, in schema 1 between a case's wrapper `open` and `close`.
    mutating func wrapped<Value>(_ open: StaticString, _ close: StaticString, _ body: (inout CompactJSONReader) -> Value?) -> Value? {
        guard !schema1 || literal(open), let value = body(&self), !schema1 || literal(close) else { return nil }
        return value
    }

    /// `{"name":"…","version":"…"}`.
    mutating func profile() -> ProfileReference? {
        guard literal(#"{"name":"#), let name = string(),
              literal(#","version":"#), let version = string(), literal("}") else { return nil }
        return ProfileReference(name: name, version: version)
    }
}
