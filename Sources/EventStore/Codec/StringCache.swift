#if canImport(Glibc)
import Glibc
#endif

/// Validated UTF-8 to `String`, remembering the last strings seen so that a page of events with the
/// same few types, actors and content types makes each string once and shares it (strings are values;
/// sharing storage is invisible to their users).
///
/// Strings of up to 15 UTF-8 bytes live inline in `String` and cost no allocation, so only longer
/// ones are remembered, in a small direct-mapped table keyed by a hash of their bytes.
struct StringCache {
    private static let slotCount = 64
    private var slots: [String?] = Array(repeating: nil, count: slotCount)

    /// The string for `bytes`, or nil when they are not valid UTF-8.
    mutating func string(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard bytes.count > 15, bytes.count <= 256 else { return Self.make(bytes) }
        let slot = Self.hash(bytes) & (Self.slotCount - 1)
        if let cached = slots[slot], Self.equal(cached, bytes) { return cached }
        let made = Self.make(bytes)
        if let made { slots[slot] = made }
        return made
    }

    private static func make(_ bytes: UnsafeRawBufferPointer) -> String? {
        if bytes.isEmpty { return "" }
        return String(validating: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }

    private static func equal(_ string: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let utf8 = string.utf8
        guard utf8.count == bytes.count else { return false }
        return utf8.withContiguousStorageIfAvailable { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
            ?? utf8.elementsEqual(bytes)
    }

    /// FNV-1a over the bytes.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 32))
    }
}
