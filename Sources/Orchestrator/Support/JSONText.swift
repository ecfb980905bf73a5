import Engine
import Foundation

/// Small pieces of JSON written by hand, so key order (and so every byte) is fixed.
enum JSONText {
    /// `value` as a JSON string literal.
    static func quote(_ value: String) -> String {
        var out: [UInt8] = []
        JSONScalar.appendString(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// An object from ordered key/raw-JSON-value pairs.
    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// The canonical text of a parsed JSON value (`CanonicalJSON`): object keys sorted by their
    /// UTF-8 bytes, no whitespace, slashes unescaped — the form the engine writes payloads in.
    static func canonical(_ value: Any) -> Data? {
        CanonicalJSON.text(of: value)
    }

    /// Whether JSONSerialization read `number` from `true` or `false`.
    static func isBoolean(_ number: NSNumber) -> Bool {
        CanonicalJSON.isBoolean(number)
    }
}
