import UpgradeDomain

/// The synthesized `Codable` forms of small domain values, read back by the event readers as
/// `JSONScalar+DomainValues` writes them.
extension CompactJSONReader {
    /// `{"millisecondsSinceEpoch":N}` after `key`.
    mutating func timestamp(_ key: StaticString) -> Timestamp? {
        guard literal(key), literal(#"{"millisecondsSinceEpoch":"#), let ms = integer(), literal("}") else { return nil }
        return Timestamp(millisecondsSinceEpoch: ms)
    }

    /// `{"rawValue":"…"}` after `key`.
    mutating func rawValue(_ key: StaticString) -> String? {
        guard literal(key), literal(#"{"rawValue":"#), let text = string(), literal("}") else { return nil }
        return text
    }
}
