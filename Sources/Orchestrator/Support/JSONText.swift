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
}
