import Foundation

extension CanonicalJSON {
    /// Nesting deeper than this is not vouched for (the parser then decides).
    static let maxCheckedDepth = 64
    /// Longest whole number vouched for: below 9e15, where every way `text(of:)` writes a parsed
    /// number gives its digits back.
    static let maxCheckedDigits = 15

    /// Whether `text` is already canonical, judged from its bytes alone in one pass: true only
    /// when `text(of:)` of what `JSONSerialization` reads from it is `text` again, byte for byte.
    ///
    /// It vouches for a subset of the canonical form, the one the engine writes: keys of printable
    /// ASCII without escapes, strictly rising by their bytes (so none twice); strings of valid
    /// UTF-8 whose only escapes are `\"`, `\\`, `\n`, `\r`, `\t`, `\b` and `\f`; whole numbers of
    /// at most 15 digits, `-0` excepted; `true`, `false`, `null`; no whitespace; nesting up to 64.
    /// Anything else (a `\u` escape, a fraction, a key with an accent) answers false, and the
    /// caller parses: false never means "not canonical", only "not proven here".
    public static func isCanonical(_ text: Data) -> Bool {
        text.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard !bytes.isEmpty, isUTF8(bytes) else { return false }
            var index = 0
            guard value(bytes, &index, depth: 0) else { return false }
            return index == bytes.count
        }
    }

    private static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.contains(where: { $0 >= 0x80 }) || String(validating: bytes, as: UTF8.self) != nil
    }

    private static func value(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, depth: Int) -> Bool {
        guard depth < maxCheckedDepth, index < bytes.count else { return false }
        switch bytes[index] {
        case 0x7B: return object(bytes, &index, depth: depth)
        case 0x5B: return array(bytes, &index, depth: depth)
        case 0x22: return string(bytes, &index)
        case 0x74: return literal("true", bytes, &index)
        case 0x66: return literal("false", bytes, &index)
        case 0x6E: return literal("null", bytes, &index)
        case 0x2D, 0x30...0x39: return wholeNumber(bytes, &index)
        default: return false
        }
    }

    private static func object(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, depth: Int) -> Bool {
        index += 1
        if index < bytes.count, bytes[index] == 0x7D {
            index += 1
            return true
        }
        var previousKey: Range<Int>?
        while true {
            guard let key = plainKey(bytes, &index) else { return false }
            if let previousKey {
                guard UnsafeBufferPointer(rebasing: bytes[previousKey])
                    .lexicographicallyPrecedes(UnsafeBufferPointer(rebasing: bytes[key])) else { return false }
            }
            previousKey = key
            guard index < bytes.count, bytes[index] == 0x3A else { return false }
            index += 1
            guard value(bytes, &index, depth: depth + 1), index < bytes.count else { return false }
            switch bytes[index] {
            case 0x2C: index += 1
            case 0x7D:
                index += 1
                return true
            default: return false
            }
        }
    }

    /// The bytes of a key between its quotes, which `index` moves past: printable ASCII, no
    /// backslash; nil otherwise.
    private static func plainKey(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Range<Int>? {
        guard index < bytes.count, bytes[index] == 0x22 else { return nil }
        let start = index + 1
        var end = start
        while end < bytes.count, bytes[end] != 0x22 {
            guard (0x20...0x7E).contains(bytes[end]), bytes[end] != 0x5C else { return nil }
            end += 1
        }
        guard end < bytes.count else { return nil }
        index = end + 1
        return start..<end
    }

    private static func array(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, depth: Int) -> Bool {
        index += 1
        if index < bytes.count, bytes[index] == 0x5D {
            index += 1
            return true
        }
        while true {
            guard value(bytes, &index, depth: depth + 1), index < bytes.count else { return false }
            switch bytes[index] {
            case 0x2C: index += 1
            case 0x5D:
                index += 1
                return true
            default: return false
            }
        }
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case 0x22:
                index += 1
                return true
            case 0x5C:
                // Only the escapes `JSONScalar.appendString` writes by letter.
                guard index + 1 < bytes.count else { return false }
                switch bytes[index + 1] {
                case 0x22, 0x5C, 0x6E, 0x72, 0x74, 0x62, 0x66: index += 2
                default: return false
                }
            case 0x00..<0x20:
                return false
            default:
                index += 1
            }
        }
        return false
    }

    private static func literal(_ word: StaticString, _ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
              UnsafeBufferPointer(rebasing: bytes[index..<(index + count)]).elementsEqual(
                  UnsafeBufferPointer(start: word.utf8Start, count: count)) else { return false }
        index += count
        return true
    }

    /// `0`, or an optional minus and 1 to 15 digits without a leading zero, with no fraction or
    /// exponent after them.
    private static func wholeNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        let negative = bytes[index] == 0x2D
        if negative { index += 1 }
        let digits = index
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        let count = index - digits
        guard count >= 1, count <= maxCheckedDigits else { return false }
        if bytes[digits] == 0x30, count > 1 || negative { return false }
        if index < bytes.count, bytes[index] == 0x2E || bytes[index] == 0x65 || bytes[index] == 0x45 { return false }
        return true
    }
}
