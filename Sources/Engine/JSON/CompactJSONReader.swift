import Foundation

/// A cursor over a payload in the compact JSON the event writers produce (`NodeEventJSON`,
/// `ClusterRegisteredJSON`, `AcceptedUpgradeJSON`), for the readers that read it back by hand
/// (`NodeEventJSONReader`, `ClusterRegisteredJSONReader`, `AcceptedUpgradeJSONReader`).
///
/// It moves only past what it matched, and matches only that form: no whitespace, strings without
/// escapes, integers as plain digits. A reader built on it returns nil for any other text, and its
/// caller goes to `JSONDecoder`.
struct CompactJSONReader {
    /// Valid only inside `read`, which holds the payload's bytes.
    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    /// Whether the payload is in schema 1, Swift's synthesized forms (`LegacyPayload`): the
    /// readers then expect the case wrapper and the one-key wrappers of identifiers and times.
    let schema1: Bool

    private init(bytes: UnsafeRawBufferPointer, schema1: Bool) {
        self.bytes = bytes
        self.schema1 = schema1
    }

    /// What `read` reads from the whole of `payload`: nil unless it reads a value and nothing follows.
    static func read<Value>(_ payload: Data, schema1: Bool = false, _ read: (inout CompactJSONReader) -> Value?) -> Value? {
        payload.withUnsafeBytes { bytes in
            var reader = CompactJSONReader(bytes: bytes, schema1: schema1)
            guard let value = read(&reader), reader.atEnd else { return nil }
            return value
        }
    }

    var atEnd: Bool { index == bytes.count }

    /// Moves past `text` if the payload goes on with exactly it.
    mutating func literal(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        let matched = text.withUTF8Buffer { expected in
            memcmp(bytes.baseAddress! + index, expected.baseAddress!, count) == 0
        }
        if matched { index += count }
        return matched
    }

    /// Digits, with a leading minus for a negative number, that fit an `Int64`.
    mutating func integer() -> Int64? {
        var position = index
        let negative = position < bytes.count && bytes[position] == 0x2D
        if negative { position += 1 }
        let first = position
        var magnitude: UInt64 = 0
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            let (times10, over1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, over2) = times10.addingReportingOverflow(UInt64(bytes[position] - 0x30))
            guard !over1, !over2 else { return nil }
            magnitude = sum
            position += 1
        }
        // At least one digit, a leading zero only as the number 0, and no -0.
        guard position > first, bytes[first] != 0x30 || position - first == 1, !negative || magnitude > 0 else { return nil }
        let value: Int64
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            value = Int64(bitPattern: 0 &- magnitude)
        } else {
            guard magnitude <= UInt64(Int64.max) else { return nil }
            value = Int64(magnitude)
        }
        index = position
        return value
    }

    mutating func int() -> Int? { integer().flatMap { Int(exactly: $0) } }

    /// A string literal without escapes (those go to the general path), as valid UTF-8.
    mutating func string() -> String? {
        guard index < bytes.count, bytes[index] == 0x22 else { return nil }
        var position = index + 1
        var ascii = true
        while position < bytes.count, bytes[position] != 0x22 {
            let byte = bytes[position]
            guard byte >= 0x20, byte != 0x5C else { return nil }
            ascii = ascii && byte < 0x80
            position += 1
        }
        guard position < bytes.count else { return nil }
        let text = UnsafeRawBufferPointer(rebasing: bytes[(index + 1)..<position])
        // ASCII is valid UTF-8 as it is: `decoding` then repairs nothing and skips the slower,
        // generic validation (most of the strings of a fold: ids, keys, step names).
        guard let string = ascii ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self) else { return nil }
        index = position + 1
        return string
    }

    /// What `value` reads after `key`, where the writers write `key` only for a value that is not
    /// nil: `.some(nil)` when the payload does not go on with `key`, nil when it does and the value
    /// after it does not read.
    mutating func optional<Value>(_ key: StaticString, _ value: (inout CompactJSONReader) -> Value?) -> Value?? {
        guard literal(key) else { return .some(nil) }
        guard let read = value(&self) else { return nil }
        return .some(read)
    }

    /// `true` or `false`.
    mutating func bool() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    /// `[…,…]`, each element read by `element`.
    mutating func list<Element>(_ element: (inout CompactJSONReader) -> Element?) -> [Element]? {
        guard literal("[") else { return nil }
        var elements: [Element] = []
        if literal("]") { return elements }
        repeat {
            guard let next = element(&self) else { return nil }
            elements.append(next)
        } while literal(",")
        return literal("]") ? elements : nil
    }

    /// `["…",…]`.
    mutating func strings() -> [String]? { list { $0.string() } }
}
