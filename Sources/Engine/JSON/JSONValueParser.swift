import Foundation
import UpgradeDomain

/// Parses any JSON text into a `TemplateValue` in one pass over its bytes, for `LegacyPayload`.
///
/// `JSONDecoder` finds a value's kind by trying each in turn (a failed try is a thrown error), and
/// `JSONSerialization`'s values cost a bridging cast each; on an old store of template events,
/// where every payload is a Cluster API object of some fifty values, either made `orchestrator run`
/// take minutes to fold. Numbers that are whole and fit an `Int64` are integers, others are kept
/// by their exact value, every digit (`TemplateNumber`; `JSONDecoder` rounds a number past a
/// `Decimal`'s 38 digits without a word); strings take every escape JSON has, surrogate pairs included.
/// Also reads request bodies' template variables (`TemplateValue.exactJSON`), and whole scenario
/// files, naming the first key an object repeats (`TemplateValue.exactJSONNamingRepeatedKey`).
struct JSONValueParser {
    /// Text that is not one JSON value, and the byte offset where that shows.
    struct Malformed: Error {
        let offset: Int
    }

    /// Nesting deeper than this is refused rather than recursed into.
    static let maxDepth = 512

    private let bytes: [UInt8]
    private var index = 0
    /// The JSON path of the value being read, a member (`.key`) or an item (`[2]`) a step, when
    /// repeated keys are looked for; nil otherwise (old payloads are read without the cost).
    private var trail: [String]?
    /// The JSON path of the first key an object repeats, in the order of the text.
    private var repeatedKey: String?

    static func parse(_ data: Data) throws(Malformed) -> TemplateValue {
        try parse(data, namingRepeatedKey: false).value
    }

    /// The value, and when `namingRepeatedKey`, the JSON path (`$.fleet[2].count`) of the first
    /// key that an object gives twice (a dictionary keeps only the later one).
    static func parse(_ data: Data, namingRepeatedKey: Bool) throws(Malformed) -> (value: TemplateValue, repeatedKey: String?) {
        var parser = JSONValueParser(bytes: [UInt8](data))
        if namingRepeatedKey { parser.trail = [] }
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == parser.bytes.count else { throw Malformed(offset: parser.index) }
        return (value, parser.repeatedKey)
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
            if trail != nil {
                trail!.append("." + key)
                if repeatedKey == nil, members[key] != nil { repeatedKey = "$" + trail!.joined() }
                members[key] = try value(depth: depth + 1)
                trail!.removeLast()
            } else {
                members[key] = try value(depth: depth + 1)
            }
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
            if trail != nil {
                trail!.append("[\(items.count)]")
                items.append(try value(depth: depth + 1))
                trail!.removeLast()
            } else {
                items.append(try value(depth: depth + 1))
            }
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
            case 0x5C: guard JSONLexeme.escape(bytes, &index, into: &utf8) else { throw malformed }
            case 0x00..<0x20: throw Malformed(offset: index - 1)
            default: utf8.append(byte)
            }
        }
        throw malformed
    }

    private mutating func number() throws(Malformed) -> TemplateValue {
        let start = index
        guard let whole = JSONLexeme.number(bytes, &index) else { throw malformed }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if whole, let integer = Int64(text) { return .integer(integer) }
        return .exactly(TemplateNumber(text: text))
    }
}

extension TemplateValue {
    /// The JSON text `data` as a value, every number exactly as written (by value); nil when it is
    /// not JSON.
    public static func exactJSON(_ data: Data) -> TemplateValue? {
        try? JSONValueParser.parse(data)
    }

    /// As ``exactJSON(_:)``, with the JSON path of the first key an object gives twice, in the
    /// order of the text (`$.fleet[2].count`), or nil when every object gives each key once. A
    /// dictionary (this one, or `JSONSerialization`'s) keeps one of the two without a word; a
    /// strict reader refuses the document instead. Nil when the text is not JSON.
    public static func exactJSONNamingRepeatedKey(_ data: Data) -> (value: TemplateValue, repeatedKey: String?)? {
        try? JSONValueParser.parse(data, namingRepeatedKey: true)
    }
}
