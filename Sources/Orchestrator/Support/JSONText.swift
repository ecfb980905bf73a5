import Foundation

/// Small pieces of JSON written by hand, so key order (and so every byte) is fixed.
enum JSONText {
    /// `value` as a JSON string literal.
    static func quote(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// An object from ordered key/raw-JSON-value pairs.
    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// The canonical text of a JSON value: sorted keys, no whitespace, slashes unescaped.
    static func canonical(_ value: Any) -> Data? {
        try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
    }

    /// `payload` itself when it is JSON already in canonical form, so it can be embedded verbatim
    /// and re-created byte for byte from the parsed value; nil otherwise.
    static func embeddable(_ payload: Data) -> String? {
        guard !payload.isEmpty,
              let parsed = try? JSONSerialization.jsonObject(with: payload, options: [.fragmentsAllowed]),
              canonical(parsed) == payload else { return nil }
        return String(decoding: payload, as: UTF8.self)
    }
}
