import Foundation
import UpgradeDomain

/// Writes JSON text again as `JSONSerialization` writes what it read from it with `.sortedKeys`
/// and `.withoutEscapingSlashes`, byte for byte, in one pass over the bytes: no parsed tree, no
/// bridging, and the key order of each object shape worked out once.
///
/// That order is Foundation's own: keys compared with `.numeric`, `.caseInsensitive` and
/// `.forcedOrdering` in the system locale (`"a" < "A" < "a_b" < "item2" < "item10" < "Zed"`), not
/// by their bytes. Comparing that way is what made Foundation's writer slow (a collation per
/// comparison), so the order found for one list of keys is kept for the next object with the
/// same keys: an event stream has few object shapes. Numbers other than whole ones that fit an
/// `Int64` are written by Foundation itself, one at a time.
///
/// Text this cannot write exactly as Foundation would is refused (`rewrite` answers false) rather
/// than guessed: bytes that are not UTF-8, a byte order mark, a key twice in one object, nesting
/// deeper than `maxDepth`, anything that is not JSON. The caller then asks Foundation.
public struct SortedKeysRewriter {
    /// Nesting deeper than this is refused, well before Foundation's parser gives up.
    public static let maxDepth = 128

    /// Object shapes remembered at most; past that, orders are worked out each time.
    static let maxShapes = 1024

    /// For each list of keys, as the text gave them: the order to write them in, or nil when a
    /// key comes twice (Foundation keeps the last one; that is refused here).
    private var orders: [[String]: [Int]?] = [:]

    public init() {}

    /// Appends `text` rewritten to `out`; false (and `out` as it was) when it is refused.
    public mutating func rewrite(_ text: Data, into out: inout [UInt8]) -> Bool {
        let start = out.count
        let written = text.withUnsafeBytes { raw -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard Self.isUTF8(bytes) else { return false }
            var index = 0
            guard value(bytes, &index, depth: 0, into: &out) else { return false }
            Self.skipSpace(bytes, &index)
            return index == bytes.count
        }
        if !written { out.removeSubrange(start...) }
        return written
    }

    private static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.contains(where: { $0 >= 0x80 }) || String(validating: bytes, as: UTF8.self) != nil
    }

    private static func skipSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    private mutating func value(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, depth: Int, into out: inout [UInt8]) -> Bool {
        guard depth < Self.maxDepth else { return false }
        Self.skipSpace(bytes, &index)
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case 0x7B: return object(bytes, &index, depth: depth, into: &out)
        case 0x5B: return array(bytes, &index, depth: depth, into: &out)
        case 0x22:
            guard let text = Self.string(bytes, &index) else { return false }
            Self.write(text, into: &out)
            return true
        case 0x74: return Self.word("true", bytes, &index, into: &out)
        case 0x66: return Self.word("false", bytes, &index, into: &out)
        case 0x6E: return Self.word("null", bytes, &index, into: &out)
        default: return Self.number(bytes, &index, into: &out)
        }
    }

    private static func word(_ word: StaticString, _ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, into out: inout [UInt8]) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
              word.withUTF8Buffer({ $0.elementsEqual(bytes[index..<(index + count)]) }) else { return false }
        index += count
        word.withUTF8Buffer { out.append(contentsOf: $0) }
        return true
    }

    /// Members are written in the text's order, each range noted, then moved into the sorted
    /// order when that differs (payloads the engine wrote are mostly in it already).
    private mutating func object(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, depth: Int, into out: inout [UInt8]) -> Bool {
        index += 1
        out.append(0x7B)
        Self.skipSpace(bytes, &index)
        if index < bytes.count, bytes[index] == 0x7D {
            index += 1
            out.append(0x7D)
            return true
        }
        var keys: [String] = []
        var members: [Range<Int>] = []
        while true {
            Self.skipSpace(bytes, &index)
            guard index < bytes.count, bytes[index] == 0x22, let key = Self.string(bytes, &index) else { return false }
            if !members.isEmpty { out.append(0x2C) }
            let start = out.count
            Self.write(key, into: &out)
            out.append(0x3A)
            Self.skipSpace(bytes, &index)
            guard index < bytes.count, bytes[index] == 0x3A else { return false }
            index += 1
            guard value(bytes, &index, depth: depth + 1, into: &out) else { return false }
            keys.append(key.text)
            members.append(start..<out.count)
            Self.skipSpace(bytes, &index)
            guard index < bytes.count else { return false }
            if bytes[index] == 0x2C {
                index += 1
                continue
            }
            guard bytes[index] == 0x7D else { return false }
            index += 1
            break
        }
        guard let order = order(of: keys) else { return false }
        if order.indices.contains(where: { order[$0] != $0 }) {
            let first = members[0].lowerBound
            let written = Array(out[first...])
            out.removeSubrange(first...)
            for (place, member) in order.enumerated() {
                if place > 0 { out.append(0x2C) }
                let range = members[member]
                out.append(contentsOf: written[(range.lowerBound - first)..<(range.upperBound - first)])
            }
        }
        out.append(0x7D)
        return true
    }

    private mutating func array(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, depth: Int, into out: inout [UInt8]) -> Bool {
        index += 1
        out.append(0x5B)
        Self.skipSpace(bytes, &index)
        if index < bytes.count, bytes[index] == 0x5D {
            index += 1
            out.append(0x5D)
            return true
        }
        var first = true
        while true {
            if !first { out.append(0x2C) }
            first = false
            guard value(bytes, &index, depth: depth + 1, into: &out) else { return false }
            Self.skipSpace(bytes, &index)
            guard index < bytes.count else { return false }
            if bytes[index] == 0x2C {
                index += 1
                continue
            }
            guard bytes[index] == 0x5D else { return false }
            index += 1
            out.append(0x5D)
            return true
        }
    }

    /// The order Foundation writes `keys` in, as indices into them; nil when a key comes twice.
    private mutating func order(of keys: [String]) -> [Int]? {
        if keys.count == 1 { return [0] }
        if let known = orders[keys] { return known }
        let order: [Int]? = Set(keys).count == keys.count ? keys.indices.sorted { Self.precedes(keys[$0], keys[$1]) } : nil
        if orders.count < Self.maxShapes { orders[keys] = order }
        return order
    }

    /// Foundation's comparison for `.sortedKeys` (swift-corelibs-foundation's `JSONSerialization`).
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.numeric, .caseInsensitive, .forcedOrdering], range: a.startIndex..<a.endIndex, locale: NSLocale.system) == .orderedAscending
    }

    // MARK: Strings

    /// A string's text: the bytes between the quotes when they hold no escape, else decoded.
    private enum Text {
        case raw(UnsafeBufferPointer<UInt8>)
        case decoded([UInt8])

        var text: String {
            switch self {
            case .raw(let bytes): String(decoding: bytes, as: UTF8.self)
            case .decoded(let bytes): String(decoding: bytes, as: UTF8.self)
            }
        }
    }

    private static func write(_ text: Text, into out: inout [UInt8]) {
        switch text {
        case .raw(let bytes):
            // No quote, backslash or control character in it: nothing to escape.
            out.append(0x22)
            out.append(contentsOf: bytes)
            out.append(0x22)
        case .decoded(let bytes):
            JSONScalar.appendString(utf8: bytes, to: &out)
        }
    }

    /// Reads the string at `index` (its opening quote); nil when it is not one.
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Text? {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                return .raw(UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]))
            }
            if byte == 0x5C { break }
            if byte < 0x20 { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        var decoded = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case 0x22: return .decoded(decoded)
            case 0x5C: guard JSONLexeme.escape(bytes, &index, into: &decoded) else { return nil }
            case 0x00..<0x20: return nil
            default: decoded.append(byte)
            }
        }
        return nil
    }

    // MARK: Numbers

    /// A whole number that fits an `Int64` as its digits (`-0` as `0`, as Foundation reads it);
    /// any other number as Foundation writes what it reads from it.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, into out: inout [UInt8]) -> Bool {
        let start = index
        guard let whole = JSONLexeme.number(bytes, &index) else { return false }
        let token = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if whole, let integer = Int64(String(decoding: token, as: UTF8.self)) {
            JSONScalar.appendInteger(integer, to: &out)
            return true
        }
        return foundationNumber(token, into: &out)
    }

    /// The number as Foundation reads and writes it, alone in an array so no option for
    /// fragments comes into it.
    private static func foundationNumber(_ token: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        var text = Data([0x5B])
        text.append(contentsOf: token)
        text.append(0x5D)
        guard let read = try? JSONSerialization.jsonObject(with: text),
              let written = try? JSONSerialization.data(withJSONObject: read, options: [.sortedKeys, .withoutEscapingSlashes]),
              written.count > 2 else { return false }
        out.append(contentsOf: written.dropFirst().dropLast())
        return true
    }
}
