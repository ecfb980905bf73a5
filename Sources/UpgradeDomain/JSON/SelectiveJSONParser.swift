import Foundation

/// Reads one JSON text into a ``TemplateValue`` in one pass over its bytes, building only what a
/// ``JSONSelection`` names: every other member is checked and left out, without a value built.
///
/// It accepts and refuses exactly the texts that `JSONDecoder` accepts and refuses when it decodes
/// a ``TemplateValue`` (`TemplateValue+Codable.swift`), quirks included, so that a reader of the
/// kept values sees what it saw in the decoder's tree: a trailing comma before `}` or `]` is
/// allowed, as is a byte order mark before the text; containers nest at most
/// ``maximumDepth`` deep; of a key written twice the first value counts, and the later one is only
/// scanned (`{"a":1,"a":01}` is accepted); a number must be one a `Double` holds. A number kept
/// that is not a plain integer is read by `JSONDecoder` itself (rare: Kubernetes writes integers).
struct SelectiveJSONParser {
    /// Where the text stops being what `JSONDecoder` accepts, and why.
    struct Malformed: Error, Equatable {
        enum Reason: Equatable {
            /// A byte that cannot come there (`end` when the text stops short).
            case unexpected
            /// Arrays and objects nested deeper than ``SelectiveJSONParser/maximumDepth``.
            case tooDeep
            /// A number beyond what a `Double` holds.
            case numberTooLarge
            /// A backslash that starts no escape JSON allows (`\x`, a lone surrogate).
            case badEscape
        }

        /// The byte offset from the start of the text.
        let offset: Int
        let reason: Reason
    }

    /// The deepest nesting of arrays and objects `JSONDecoder` reads.
    static let maximumDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// Decoded bytes of the string being read, reused from string to string.
    var scratch: [UInt8] = []

    /// Parses `text`, keeping what `selection` names.
    static func parse(_ text: String, keeping selection: JSONSelection) throws(Malformed) -> TemplateValue {
        var text = text
        let result = text.withUTF8 { bytes in
            var parser = SelectiveJSONParser(bytes: bytes)
            return Result { () throws(Malformed) in try parser.document(selection) }
        }
        return try result.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func malformed(_ reason: Malformed.Reason = .unexpected) -> Malformed {
        Malformed(offset: index, reason: reason)
    }

    private mutating func document(_ selection: JSONSelection) throws(Malformed) -> TemplateValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        let value = try value(selection, depth: 0)
        skipSpace()
        guard index == bytes.count else { throw malformed() }
        return value
    }

    mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    /// The byte at `index` after any whitespace; throws at the end of the text.
    mutating func nextByte() throws(Malformed) -> UInt8 {
        skipSpace()
        guard index < bytes.count else { throw malformed() }
        return bytes[index]
    }

    /// Moves past `byte`, which must come next (after whitespace).
    mutating func expect(_ byte: UInt8) throws(Malformed) {
        guard try nextByte() == byte else { throw malformed() }
        index += 1
    }

    /// The value at `index`, inside `depth` arrays and objects.
    private mutating func value(_ selection: JSONSelection, depth: Int) throws(Malformed) -> TemplateValue {
        switch try nextByte() {
        case 0x7B: return try object(selection, depth: depth + 1)
        case 0x5B: return try array(depth: depth + 1)
        case 0x22: return .string(try string())
        case 0x74: try word("true"); return .bool(true)
        case 0x66: try word("false"); return .bool(false)
        case 0x6E: try word("null"); return .null
        default: return try number()
        }
    }

    mutating func word(_ text: StaticString) throws(Malformed) {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count,
              text.withUTF8Buffer({ $0.elementsEqual(bytes[index..<(index + count)]) }) else { throw malformed() }
        index += count
    }

    private mutating func object(_ selection: JSONSelection, depth: Int) throws(Malformed) -> TemplateValue {
        guard depth <= Self.maximumDepth else { throw malformed(.tooDeep) }
        let start = index
        index += 1
        var members: [String: TemplateValue] = [:]
        if try nextByte() == 0x7D {
            index += 1
            return .object(members)
        }
        repeat {
            guard try nextByte() == 0x22 else { throw malformed() }
            let keyStart = index
            let key = try string()
            try expect(0x3A)
            if let kept = selection.member(key), members.index(forKey: key) == nil {
                members[key] = try value(kept, depth: depth)
            } else {
                try skipMember(keyAt: keyStart, ofObjectAt: start, depth: depth)
            }
        } while try separator(closing: 0x7D)
        return .object(members)
    }

    private mutating func array(depth: Int) throws(Malformed) -> TemplateValue {
        guard depth <= Self.maximumDepth else { throw malformed(.tooDeep) }
        index += 1
        var items: [TemplateValue] = []
        if try nextByte() == 0x5D {
            index += 1
            return .array(items)
        }
        repeat {
            items.append(try value(.whole, depth: depth))
        } while try separator(closing: 0x5D)
        return .array(items)
    }

    /// After a member or an element: true past a comma that another one follows, false past the
    /// closing bracket (a comma just before it, as `JSONDecoder` allows, included).
    mutating func separator(closing: UInt8) throws(Malformed) -> Bool {
        var byte = try nextByte()
        if byte == 0x2C {
            index += 1
            byte = try nextByte()
            guard byte == closing else { return true }
        }
        guard byte == closing else { throw malformed() }
        index += 1
        return false
    }

    /// The string whose opening quote is at `index`, escapes decoded.
    mutating func string() throws(Malformed) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case 0x22:
                defer { index += 1 }
                return String(decoding: bytes[start..<index], as: UTF8.self)
            case 0x5C:
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: bytes[start..<index])
                return try escapedString()
            case 0x00..<0x20: throw malformed()
            default: index += 1
            }
        }
        throw malformed()
    }

    /// The rest of a string from its first backslash, at `index`, with what came before in `scratch`.
    private mutating func escapedString() throws(Malformed) -> String {
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case 0x22: return String(decoding: scratch, as: UTF8.self)
            case 0x5C:
                let backslash = index - 1
                guard JSONLexeme.escape(bytes, &index, into: &scratch) else { throw Malformed(offset: backslash, reason: .badEscape) }
            case 0x00..<0x20: throw Malformed(offset: index - 1, reason: .unexpected)
            default: scratch.append(byte)
            }
        }
        throw malformed()
    }

    /// The number at `index`: a plain integer an `Int64` holds directly, any other through
    /// `JSONDecoder`, as the decoder's tree had it.
    private mutating func number() throws(Malformed) -> TemplateValue {
        let start = index
        let isPlain = try numberExtent()
        if isPlain, let integer = plainInteger(start..<index) { return .integer(integer) }
        let text = Data(bytes[start..<index])
        guard let value = try? JSONDecoder().decode(TemplateValue.self, from: text) else {
            throw Malformed(offset: start, reason: .numberTooLarge)
        }
        return value
    }

    /// Moves past the number at `index`, which must be one `JSONDecoder` reads; says whether it is
    /// plain (no fraction, no exponent).
    mutating func numberExtent() throws(Malformed) -> Bool {
        let start = index
        guard let isPlain = JSONLexeme.number(bytes, &index) else { throw malformed() }
        // Up to 300 digits and no exponent, a `Double` holds it; beyond, ask.
        if index - start > 300 || !isPlain && bytes[start..<index].contains(where: { $0 == 0x65 || $0 == 0x45 }) {
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard let double = Double(text), double.isFinite else { throw Malformed(offset: start, reason: .numberTooLarge) }
        }
        return isPlain
    }

    /// The plain integer in `range`, when an `Int64` holds it.
    private func plainInteger(_ range: Range<Int>) -> Int64? {
        let negative = bytes[range.lowerBound] == 0x2D
        var value: Int64 = 0
        for byte in bytes[(negative ? range.lowerBound + 1 : range.lowerBound)..<range.upperBound] {
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative
                ? times10.subtractingReportingOverflow(Int64(byte - 0x30))
                : times10.addingReportingOverflow(Int64(byte - 0x30))
            guard !overflow, !overflow2 else { return nil }
            value = next
        }
        return value
    }
}
