import UpgradeDomain

/// The synthesized `Codable` forms of small domain values, read back by the event readers as
/// `JSONScalar+DomainValues` writes them.
extension CompactJSONReader {
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
