/// Validated UTF-8 to `String`, remembering the last strings seen so that a page of events with the
/// same few types, actors and content types makes each string once and shares it (strings are values;
/// sharing storage is invisible to their users).
///
/// Strings of 8 to 256 bytes are remembered, in a small direct-mapped table keyed by a hash of their
/// bytes: a hit costs a hash and a compare, less than validating and building even an inline string.
struct StringCache {
    /// A remembered string and its first bytes as words: for strings of at most 32 bytes the
    /// words are the whole string, so a hit is confirmed without touching the string's storage.
    private struct Slot {
        var count = 0
        var head: UInt64 = 0, second: UInt64 = 0, third: UInt64 = 0, tail: UInt64 = 0
        var string = ""
    }

    private let slotCount: Int
    private var slots: [Slot] = []

    /// `slots` must be a power of two; 0 remembers nothing (for one-off decoding).
    init(slots: Int = 64) {
        precondition(slots == 0 || slots.nonzeroBitCount == 1, "slots must be a power of two")
        slotCount = slots
    }

    /// The string for `bytes`, or nil when they are not valid UTF-8.
    mutating func string(_ bytes: UnsafeRawBufferPointer) -> String? {
        let count = bytes.count
        guard slotCount > 0, count >= 8, count <= 256 else { return Self.make(bytes) }
        if slots.isEmpty { slots = Array(repeating: Slot(), count: slotCount) }
        let head = bytes.loadUnaligned(as: UInt64.self)
        let tail = bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        let second = count >= 16 ? bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self) : 0
        let third = count >= 24 ? bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self) : 0
        let index = Self.hash(head: head, tail: tail, count: count) & (slotCount - 1)
        // The four words cover bytes 0..<24 and count-8..<count: all of a string of at most 32 bytes.
        if slots[index].count == count, slots[index].head == head, slots[index].tail == tail,
           slots[index].second == second, slots[index].third == third,
           count <= 32 || Self.equal(slots[index].string, bytes) {
            return slots[index].string
        }
        guard let made = Self.make(bytes) else { return nil }
        slots[index] = Slot(count: count, head: head, second: second, third: third, tail: tail, string: made)
        return made
    }

    /// A string from bytes that must be valid UTF-8, checked as swift-protobuf checks it.
    static func make(_ bytes: UnsafeRawBufferPointer) -> String? {
        if bytes.isEmpty { return "" }
        let units = bytes.assumingMemoryBound(to: UInt8.self)
        guard isASCII(bytes) || isValidUTF8(units) else { return nil }
        return String(decoding: units, as: UTF8.self)
    }

    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        var high: UInt64 = 0
        while index + 8 <= bytes.count {
            high |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            high |= UInt64(bytes[index])
            index += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    private static func isValidUTF8(_ units: UnsafeBufferPointer<UInt8>) -> Bool {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = units.makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .error: return false
            case .emptyInput: return true
            }
        }
    }

    /// Compares a long remembered string with `bytes` in 8-byte words (callers pass more than 32 bytes).
    private static func equal(_ string: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var string = string
        return string.withUTF8 { stored in
            let stored = UnsafeRawBufferPointer(stored)
            guard stored.count == bytes.count else { return false }
            var offset = 0
            while offset + 8 <= bytes.count {
                if stored.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
                offset += 8
            }
            let last = bytes.count - 8
            return stored.loadUnaligned(fromByteOffset: last, as: UInt64.self) == bytes.loadUnaligned(fromByteOffset: last, as: UInt64.self)
        }
    }

    /// A cheap hash of the length and the first and last eight bytes: a collision only costs a
    /// miss, since a hit is confirmed byte for byte.
    private static func hash(head: UInt64, tail: UInt64, count: Int) -> Int {
        var mixed = (head ^ tail.rotated(by: 29) ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15
        mixed ^= mixed >> 29
        return Int(truncatingIfNeeded: mixed >> 32)
    }
}

extension UInt64 {
    fileprivate func rotated(by count: UInt64) -> UInt64 { self << count | self >> (64 - count) }
}
