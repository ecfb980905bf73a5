import Foundation
import UpgradeDomain

/// Reads an export line in one pass (ADR 0026): its value, and the JSON path of the first key an
/// object gives twice (`$.data.nodes[2].name`). Import read each line twice before, through
/// `JSONSerialization` and again to find repeated keys, which cost it about a sixth of its time.
///
/// It takes what `JSONSerialization` takes, so a line that imported still imports: a UTF-8 byte
/// order mark first, a comma before a closing bracket or brace (`{"a":1,}`), arrays and objects
/// nested 512 deep; a number that no Foundation number holds (`1e400`) is refused as it was.
struct LineValueParser {
    /// Text that is not one JSON value as `JSONSerialization` reads it.
    struct Malformed: Error {}

    /// Arrays and objects nested deeper than this are refused, as `JSONSerialization` does.
    static let maxDepth = 512

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    /// The steps from the line to the value being read: a member's key, or an item's index.
    private var trail: [Step] = []
    private var repeatedKey: String?

    private enum Step {
        case member(String)
        case item(Int)
    }

    /// The value of `line` and the path of the first key given twice, or nil when it is not JSON.
    static func parse(_ line: some StringProtocol) -> (value: LineValue, repeatedKey: String?)? {
        var parser = LineValueParser(bytes: Array(line.utf8))
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        guard let value = try? parser.value() else { return nil }
        parser.skipSpace()
        guard parser.index == parser.bytes.count else { return nil }
        return (value, parser.repeatedKey)
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var next: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = next, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func value() throws(Malformed) -> LineValue {
        skipSpace()
        guard let byte = next else { throw Malformed() }
        switch byte {
        case 0x7B: return try object()
        case 0x5B: return try array()
        case 0x22: return .string(try string())
        case 0x74: try word("true"); return .bool(true)
        case 0x66: try word("false"); return .bool(false)
        case 0x6E: try word("null"); return .null
        case 0x2D, 0x30...0x39: return try number()
        default: throw Malformed()
        }
    }

    private mutating func word(_ text: StaticString) throws(Malformed) {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count,
              text.withUTF8Buffer({ $0.elementsEqual(bytes[index..<(index + count)]) }) else { throw Malformed() }
        index += count
    }

    /// Enters an array or object: past the bracket, nesting counted, whitespace skipped. True
    /// when it closes at once (`closing` next).
    private mutating func open(closing: UInt8) throws(Malformed) -> Bool {
        guard depth < Self.maxDepth else { throw Malformed() }
        depth += 1
        index += 1
        skipSpace()
        guard next == closing else { return false }
        index += 1
        depth -= 1
        return true
    }

    /// After an item or member: true at the closing bracket (a comma before it allowed, as
    /// `JSONSerialization` allows it), false after a comma with more to come.
    private mutating func closes(_ closing: UInt8) throws(Malformed) -> Bool {
        skipSpace()
        if next == 0x2C {
            index += 1
            skipSpace()
            guard next == closing else { return false }
        }
        guard next == closing else { throw Malformed() }
        index += 1
        depth -= 1
        return true
    }

    private mutating func object() throws(Malformed) -> LineValue {
        var members: [String: LineValue] = [:]
        if try open(closing: 0x7D) { return .object(members) }
        repeat {
            guard next == 0x22 else { throw Malformed() }
            let key = try string()
            skipSpace()
            guard next == 0x3A else { throw Malformed() }
            index += 1
            trail.append(.member(key))
            if repeatedKey == nil, members[key] != nil { repeatedKey = path }
            members[key] = try value()
            trail.removeLast()
        } while try !closes(0x7D)
        return .object(members)
    }

    private mutating func array() throws(Malformed) -> LineValue {
        var items: [LineValue] = []
        if try open(closing: 0x5D) { return .array(items) }
        repeat {
            trail.append(.item(items.count))
            items.append(try value())
            trail.removeLast()
        } while try !closes(0x5D)
        return .array(items)
    }

    /// `$` and each step: `.key` for a member, `[2]` for an item.
    private var path: String {
        trail.reduce("$") { path, step in
            switch step {
            case .member(let key): path + "." + key
            case .item(let position): path + "[\(position)]"
            }
        }
    }

    private mutating func string() throws(Malformed) -> String {
        index += 1
        let start = index
        // Most strings have no escape: taken straight from the line's bytes (UTF-8 already).
        while let byte = next, byte != 0x22, byte != 0x5C, byte >= 0x20 { index += 1 }
        guard let stop = next else { throw Malformed() }
        if stop == 0x22 {
            index += 1
            return String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
        }
        var utf8 = Array(bytes[start..<index])
        while let byte = next {
            index += 1
            switch byte {
            case 0x22: return String(decoding: utf8, as: UTF8.self)
            case 0x5C: guard JSONLexeme.escape(bytes, &index, into: &utf8) else { throw Malformed() }
            case 0x00..<0x20: throw Malformed()
            default: utf8.append(byte)
            }
        }
        throw Malformed()
    }

    private mutating func number() throws(Malformed) -> LineValue {
        let start = index
        guard let whole = JSONLexeme.number(bytes, &index) else { throw Malformed() }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        // The common case without Foundation: what JSONSerialization reads as an Int64 or UInt64 of the same value.
        if whole, index - start <= 19 || bytes[start] != 0x2D, let value = Int64(text) { return .integer(value) }
        guard let number = FoundationJSONNumber.reading(text) else { throw Malformed() }
        return .number(number)
    }
}
