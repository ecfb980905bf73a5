import Engine
import Foundation

/// A JSON value of an export line, read once (`LineValueParser`), holding what import used to take
/// from `JSONSerialization` without building Foundation objects for the common values: numbers
/// other than whole `Int64`s are the very objects `JSONSerialization` makes (`FoundationJSONNumber`),
/// so `data` is stored byte for byte as before and a message quotes a value as before.
indirect enum LineValue {
    case null
    case bool(Bool)
    /// A number written without a point or an exponent that an `Int64` holds (as `JSONSerialization`
    /// reads it: 19 characters at most when negative).
    case integer(Int64)
    /// Any other number, as `JSONSerialization` reads it: an integer, a double or a decimal.
    case number(NSNumber)
    case string(String)
    case array([LineValue])
    case object([String: LineValue])

    /// The canonical text (`CanonicalJSON.text(of:)`): object keys sorted by their UTF-8 bytes, no
    /// whitespace, slashes unescaped. Nil for a number JSON cannot hold.
    var canonical: Data? {
        var out: [UInt8] = []
        guard write(to: &out) else { return nil }
        return Data(out)
    }

    private func write(to out: inout [UInt8]) -> Bool {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let value): out += Array((value ? "true" : "false").utf8)
        case .integer(let value): out += Array(String(value).utf8)
        case .number(let number): return CanonicalJSON.appendNumber(number, to: &out)
        case .string(let text): JSONScalar.appendString(text, to: &out)
        case .array(let items):
            out.append(0x5B)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(0x2C) }
                guard item.write(to: &out) else { return false }
            }
            out.append(0x5D)
        case .object(let members):
            out.append(0x7B)
            for (index, key) in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if index > 0 { out.append(0x2C) }
                JSONScalar.appendString(key, to: &out)
                out.append(0x3A)
                guard members[key]!.write(to: &out) else { return false }
            }
            out.append(0x7D)
        }
        return true
    }

    /// The value as `JSONSerialization` gives it, for messages that quote it (`got 1.5`).
    var foundation: Any {
        switch self {
        case .null: NSNull()
        case .bool(let value): NSNumber(value: value)
        case .integer(let value): NSNumber(value: value)
        case .number(let number): number
        case .string(let text): text
        case .array(let items): items.map(\.foundation)
        case .object(let members): members.mapValues(\.foundation)
        }
    }
}
