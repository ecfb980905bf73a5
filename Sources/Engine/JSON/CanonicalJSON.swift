import Foundation

/// The canonical text of JSON values: object keys sorted by their UTF-8 bytes, no whitespace,
/// slashes unescaped, strings escaped as `JSONScalar.appendString` escapes them — the form the
/// engine writes payloads in (`CompactJSONEncoder`). `export` embeds a payload as JSON only when
/// it is in this form (so `import` re-creates it byte for byte), and `audit` shows every payload
/// in it.
public enum CanonicalJSON {
    /// The canonical text of a value `JSONSerialization` read; nil for what JSON cannot hold (a
    /// number that is not finite, a value of another kind).
    public static func text(of value: Any) -> Data? {
        var out: [UInt8] = []
        guard write(value, to: &out) else { return nil }
        return Data(out)
    }

    /// `payload` itself when it is JSON in canonical form, so it can be embedded verbatim and
    /// re-created byte for byte from the parsed value; nil otherwise. Most payloads pass
    /// `isCanonical` and are never parsed.
    public static func embeddable(_ payload: Data) -> String? {
        guard rewritten(payload) == payload else { return nil }
        return String(decoding: payload, as: UTF8.self)
    }

    /// A payload in canonical form: itself when it is already, else parsed and written again; nil
    /// when it is not JSON.
    public static func rewritten(_ payload: Data) -> Data? {
        guard !payload.isEmpty else { return nil }
        if isCanonical(payload) { return payload }
        guard let parsed = try? JSONSerialization.jsonObject(with: payload, options: [.fragmentsAllowed]) else { return nil }
        return text(of: parsed)
    }

    /// Whether JSONSerialization read `number` from `true` or `false` (it gives booleans as
    /// NSNumber too; the boolean's class is the only sign).
    public static func isBoolean(_ number: NSNumber) -> Bool {
        String(describing: type(of: number)).contains("Boolean")
    }

    private static func write(_ value: Any, to out: inout [UInt8]) -> Bool {
        // The Swift collections and strings come first: asking whether a dictionary `is NSNull`
        // bridges the whole dictionary, and everything in it, to an NSDictionary on Linux (most of
        // `import`'s time went there).
        switch value {
        case let object as [String: Any]:
            out.append(0x7B)
            for (index, key) in object.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if index > 0 { out.append(0x2C) }
                JSONScalar.appendString(key, to: &out)
                out.append(0x3A)
                guard write(object[key]!, to: &out) else { return false }
            }
            out.append(0x7D)
        case let array as [Any]:
            out.append(0x5B)
            for (index, item) in array.enumerated() {
                if index > 0 { out.append(0x2C) }
                guard write(item, to: &out) else { return false }
            }
            out.append(0x5D)
        case let text as String:
            JSONScalar.appendString(text, to: &out)
        case is NSNull:
            out += Array("null".utf8)
        case let number as NSNumber:
            return appendNumber(number, to: &out)
        default:
            return false
        }
        return true
    }

    /// The canonical text of a number as `JSONSerialization` reads one (import's `LineValue` keeps
    /// the same objects for numbers other than whole `Int64`s); false for one JSON cannot hold.
    public static func appendNumber(_ number: NSNumber, to out: inout [UInt8]) -> Bool {
        if let number = number as? NSDecimalNumber {
            // A number with more digits than a double keeps (a template variable such as
            // 123456789012345678901): written by its digits, as the engine wrote it (`Decimal`).
            guard !number.decimalValue.isNaN else { return false }
            out += Array(number.decimalValue.description.utf8)
        } else if isBoolean(number) {
            out += Array((number.boolValue ? "true" : "false").utf8)
        } else if case let text = number.stringValue, Int64(text) != nil || UInt64(text) != nil {
            // An integer the parser kept whole, written digit for digit (a double would round it).
            out += Array(text.utf8)
        } else if number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 9e15 {
            out += Array(String(number.int64Value).utf8)
        } else if number.doubleValue.isFinite {
            out += Array("\(number.doubleValue)".utf8)
        } else {
            return false
        }
        return true
    }
}
