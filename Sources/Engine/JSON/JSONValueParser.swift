import Foundation
import UpgradeDomain

/// Parses any JSON text into a `TemplateValue` in one pass over its bytes, for `LegacyPayload`.
///
/// `JSONDecoder` finds a value's kind by trying each in turn (a failed try is a thrown error), and
/// `JSONSerialization`'s values cost a bridging cast each; on an old store of template events,
/// where every payload is a Cluster API object of some fifty values, either made `orchestrator run`
/// take minutes to fold. Numbers without a fraction or exponent that fit an `Int64` are integers,
/// others doubles; strings take every escape JSON has, surrogate pairs included.
struct JSONValueParser {
    /// Text that is not one JSON value, and the byte offset where that shows.
    struct Malformed: Error {
        let offset: Int
    }

    /// Nesting deeper than this is refused rather than recursed into.
    static let maxDepth = 512

    private let bytes: [UInt8]
    private var index = 0

    static func parse(_ data: Data) throws(Malformed) -> TemplateValue {
        var parser = JSONValueParser(bytes: [UInt8](data))
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == parser.bytes.count else { throw Malformed(offset: parser.index) }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var malformed: Malformed { Malformed(offset: index) }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func value(depth: Int) throws(Malformed) -> TemplateValue {
        guard depth < Self.maxDepth else { throw malformed }
        skipSpace()
        guard index < bytes.count else { throw malformed }
        switch bytes[index] {
        case 0x7B: return try object(depth: depth)
        case 0x5B: return try array(depth: depth)
        case 0x22: return .string(try string())
        case 0x74: try word("true"); return .bool(true)
        case 0x66: try word("false"); return .bool(false)
        case 0x6E: try word("null"); return .null
        default: return try number()
        }
    }

    private mutating func word(_ text: StaticString) throws(Malformed) {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count,
              text.withUTF8Buffer({ $0.elementsEqual(bytes[index..<(index + count)]) }) else { throw malformed }
        index += count
    }

    private mutating func object(depth: Int) throws(Malformed) -> TemplateValue {
        index += 1
        var members: [String: TemplateValue] = [:]
        skipSpace()
        if index < bytes.count, bytes[index] == 0x7D {
            index += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == 0x22 else { throw malformed }
            let key = try string()
            skipSpace()
            guard index < bytes.count, bytes[index] == 0x3A else { throw malformed }
            index += 1
            members[key] = try value(depth: depth + 1)
            skipSpace()
            guard index < bytes.count else { throw malformed }
            if bytes[index] == 0x2C { index += 1; continue }
            guard bytes[index] == 0x7D else { throw malformed }
            index += 1
            return .object(members)
        }
    }

    private mutating func array(depth: Int) throws(Malformed) -> TemplateValue {
        index += 1
        var items: [TemplateValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == 0x5D {
            index += 1
            return .array(items)
        }
        while true {
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard index < bytes.count else { throw malformed }
            if bytes[index] == 0x2C { index += 1; continue }
            guard bytes[index] == 0x5D else { throw malformed }
            index += 1
            return .array(items)
        }
    }

    private mutating func string() throws(Malformed) -> String {
        index += 1
        var utf8: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case 0x22: return String(decoding: utf8, as: UTF8.self)
            case 0x5C: try escape(into: &utf8)
            case 0x00..<0x20: throw Malformed(offset: index - 1)
            default: utf8.append(byte)
            }
        }
        throw malformed
    }

    private mutating func escape(into utf8: inout [UInt8]) throws(Malformed) {
        guard index < bytes.count else { throw malformed }
        let byte = bytes[index]
        index += 1
        switch byte {
        case 0x22, 0x5C, 0x2F: utf8.append(byte)
        case 0x62: utf8.append(0x08)
        case 0x66: utf8.append(0x0C)
        case 0x6E: utf8.append(0x0A)
        case 0x72: utf8.append(0x0D)
        case 0x74: utf8.append(0x09)
        case 0x75:
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate is only a character with the low one after it.
                guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else { throw malformed }
                index += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw malformed }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let character = Unicode.Scalar(scalar) else { throw malformed }
            utf8.append(contentsOf: Array(String(Character(character)).utf8))
        default: throw Malformed(offset: index - 1)
        }
    }

    private mutating func hex4() throws(Malformed) -> UInt32 {
        guard index + 4 <= bytes.count else { throw malformed }
        var value: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw malformed
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    private mutating func number() throws(Malformed) -> TemplateValue {
        let start = index
        if index < bytes.count, bytes[index] == 0x2D { index += 1 }
        let digits = index
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        guard index > digits else { throw malformed }
        var whole = true
        if index < bytes.count, bytes[index] == 0x2E {
            whole = false
            index += 1
            let fraction = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            guard index > fraction else { throw malformed }
        }
        if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
            whole = false
            index += 1
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            let exponent = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            guard index > exponent else { throw malformed }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if whole, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text) else { throw Malformed(offset: start) }
        return .number(double)
    }
}
