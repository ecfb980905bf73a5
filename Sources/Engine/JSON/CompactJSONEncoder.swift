import Foundation

/// A small, fast JSON encoder for domain events: object keys sorted by their UTF-8 bytes, no
/// whitespace, slashes not escaped — the same text `JSONEncoder` writes with `.sortedKeys` and
/// `.withoutEscapingSlashes`, in a fraction of the time (no intermediate dictionaries, no bridging).
public struct CompactJSONEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = JSONSlotEncoder(codingPath: [])
        try value.encode(to: root)
        var out: [UInt8] = []
        out.reserveCapacity(256)
        root.slot.write(to: &out)
        return out
    }
}

/// One JSON value under construction. Containers are classes so nested containers can be
/// filled after they were handed out, as `Encoder` requires.
/// Text and numbers stay as values until written, so encoding one allocates no bytes per field.
enum JSONSlot {
    case scalar([UInt8])
    case text(String)
    case signed(Int64)
    case unsigned(UInt64)
    case bool(Bool)
    case null
    case object(JSONObjectBox)
    case array(JSONArrayBox)
    case empty

    func write(to out: inout [UInt8]) {
        switch self {
        case .scalar(let bytes): out.append(contentsOf: bytes)
        case .text(let text): JSONScalar.appendString(text, to: &out)
        case .signed(let number): JSONScalar.appendInteger(number, to: &out)
        case .unsigned(let number): JSONScalar.appendInteger(number, to: &out)
        case .bool(let flag): out.append(contentsOf: flag ? [0x74, 0x72, 0x75, 0x65] : [0x66, 0x61, 0x6C, 0x73, 0x65])
        case .null: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .empty: out.append(contentsOf: [0x7B, 0x7D])  // an encoder that wrote nothing: {}
        case .array(let box):
            out.append(0x5B)
            for (index, item) in box.items.enumerated() {
                if index > 0 { out.append(0x2C) }
                item.write(to: &out)
            }
            out.append(0x5D)
        case .object(let box):
            out.append(0x7B)
            let sorted = box.entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, entry) in sorted.enumerated() {
                if index > 0 { out.append(0x2C) }
                JSONScalar.appendString(entry.key, to: &out)
                out.append(0x3A)
                entry.slot.write(to: &out)
            }
            out.append(0x7D)
        }
    }
}

final class JSONObjectBox {
    var entries: [(key: String, slot: JSONSlot)] = []

    func set(_ key: String, _ slot: JSONSlot) {
        if let index = entries.firstIndex(where: { $0.key == key }) { entries[index].slot = slot } else { entries.append((key, slot)) }
    }
}

final class JSONArrayBox {
    var items: [JSONSlot] = []
}

/// Scalars as JSON text.
public enum JSONScalar {
    /// Appends `text` as a JSON string literal: quotes, backslashes and control characters escaped,
    /// slashes and non-ASCII characters as they are.
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        // Most text needs no escape: then its bytes go in one copy.
        let copied = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied == true {
            out.append(0x22)
            return
        }
        appendEscaped(text.utf8, to: &out)
        out.append(0x22)
    }

    /// Appends UTF-8 text as a JSON string literal, escaped as `appendString(_:to:)` escapes it.
    public static func appendString(utf8 text: some Collection<UInt8>, to out: inout [UInt8]) {
        out.append(0x22)
        appendEscaped(text, to: &out)
        out.append(0x22)
    }

    private static func appendEscaped(_ text: some Collection<UInt8>, to out: inout [UInt8]) {
        for byte in text {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0x08: out.append(contentsOf: [0x5C, 0x62])
            case 0x0C: out.append(contentsOf: [0x5C, 0x66])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
    }

    /// Decimal digits, with a leading minus for negative values, as `JSONEncoder` writes integers.
    /// The concrete overloads below serve the usual widths without generic dispatch (callers in
    /// other modules would otherwise reach this unspecialised); wider types go through `String`.
    public static func appendInteger<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        if let narrow = Int64(exactly: value) {
            appendInteger(narrow, to: &out)
        } else if let narrow = UInt64(exactly: value) {
            appendInteger(narrow, to: &out)
        } else {
            out.append(contentsOf: String(value).utf8)
        }
    }

    public static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        appendDigits(of: UInt64(value.magnitude), negative: value < 0, to: &out)
    }

    public static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        appendDigits(of: value.magnitude, negative: value < 0, to: &out)
    }

    public static func appendInteger(_ value: UInt64, to out: inout [UInt8]) {
        appendDigits(of: value, negative: false, to: &out)
    }

    /// Written back to front into a stack buffer, then appended in one copy.
    private static func appendDigits(of magnitude: UInt64, negative: Bool, to out: inout [UInt8]) {
        if magnitude == 0 { out.append(0x30); return }
        var rest = magnitude
        // Unsafe buffer: 24 bytes on the stack (20 digits and a sign at most), filled from the
        // end; only the written tail is read.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var start = buffer.count
            while rest > 0 {
                start -= 1
                buffer[start] = 0x30 + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            if negative {
                start -= 1
                buffer[start] = 0x2D
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    static func string(_ text: String) -> JSONSlot { .text(text) }

    static func integer<T: FixedWidthInteger>(_ value: T) -> JSONSlot {
        T.isSigned ? .signed(Int64(value)) : .unsigned(UInt64(value))
    }

    static func double(_ value: Double) throws -> JSONSlot {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(value) is not valid JSON"))
        }
        if value == value.rounded(), abs(value) < 1e15 { return .scalar(Array(String(Int64(value)).utf8)) }
        return .scalar(Array("\(value)".utf8))
    }

    /// A `Decimal` as `JSONEncoder` writes one: its digits, exactly (`123456789012345678901`, `0.1`),
    /// where its own `Encodable` form would be an object of mantissa and exponent.
    static func decimal(_ value: Decimal) throws -> JSONSlot {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(value) is not valid JSON"))
        }
        return .scalar(Array(value.description.utf8))
    }

    static var null: JSONSlot { .null }
    static var yes: JSONSlot { .bool(true) }
    static var no: JSONSlot { .bool(false) }
}
