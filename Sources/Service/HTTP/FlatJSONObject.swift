/// A JSON object of plain scalars, read straight from bytes: the shape of the agents' reports.
///
/// Deliberately narrow: keys and strings of printable ASCII without escapes, integers of up to 18
/// digits, `true`, `false` and `null`. Anything else (nesting, escapes, non-ASCII, fractions,
/// a repeated key, trailing text) returns nil, and the caller decodes with `JSONDecoder`, which
/// then also words any error. So whatever this accepts, the decoder would read the same way.
struct FlatJSONObject {
    enum Value: Equatable {
        case string(String)
        case integer(Int64)
        case bool(Bool)
        case null
    }

    private(set) var entries: [(key: String, value: Value)] = []

    /// The value under `key`, if present.
    subscript(key: String) -> Value? {
        entries.first { $0.key == key }?.value
    }

    /// The keys, in the order they appeared.
    var keys: [String] { entries.map(\.key) }

    /// Parses `bytes`, or nil when they are not a flat object this reader takes.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> FlatJSONObject? {
        var reader = Reader(bytes: bytes)
        var object = FlatJSONObject()
        reader.skipBlanks()
        guard reader.take(UInt8(ascii: "{")) else { return nil }
        reader.skipBlanks()
        if !reader.take(UInt8(ascii: "}")) {
            repeat {
                reader.skipBlanks()
                guard let key = reader.string(), !object.entries.contains(where: { $0.key == key }) else { return nil }
                reader.skipBlanks()
                guard reader.take(UInt8(ascii: ":")) else { return nil }
                reader.skipBlanks()
                guard let value = reader.value() else { return nil }
                object.entries.append((key, value))
                reader.skipBlanks()
            } while reader.take(UInt8(ascii: ","))
            guard reader.take(UInt8(ascii: "}")) else { return nil }
        }
        reader.skipBlanks()
        return reader.atEnd ? object : nil
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skipBlanks() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func take(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += count
            return true
        }

        /// A string of printable ASCII without escapes.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(index - 1)]), as: UTF8.self)
                }
                guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            return nil
        }

        mutating func value() -> Value? {
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return string().map(Value.string)
            case UInt8(ascii: "t"): return take("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return take("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return take("null") ? .null : nil
            default: return integer().map(Value.integer)
            }
        }

        /// `0` or an optional minus and up to 18 digits without a leading zero; nothing after
        /// them that would make a fraction or an exponent.
        mutating func integer() -> Int64? {
            let negative = take(UInt8(ascii: "-"))
            let start = index
            var magnitude: Int64 = 0
            while index < bytes.count, (0x30...0x39).contains(bytes[index]), index - start < 18 {
                magnitude = magnitude * 10 + Int64(bytes[index] - 0x30)
                index += 1
            }
            let digits = index - start
            guard digits > 0, !(bytes[start] == 0x30 && (digits > 1 || negative)) else { return nil }
            if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index])
                || (0x30...0x39).contains(bytes[index]) { return nil }
            return negative ? -magnitude : magnitude
        }
    }
}
