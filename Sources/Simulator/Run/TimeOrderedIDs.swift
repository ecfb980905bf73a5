import Engine
import EventStore
import Foundation

/// Event ids for a replay: UUIDv7-shaped (the virtual time in milliseconds first, then a sequence),
/// so ids grow with the log and the store's event-id index is appended to at its end instead of at
/// random places. Deterministic: the same run draws the same ids; the low bits mix in the seed.
struct TimeOrderedIDs {
    /// The virtual time of the events being recorded.
    var now: Int64 = 0
    private var sequence: UInt64 = 0
    private let salt: UInt64

    init(seed: UInt64) {
        var generator = SplitMixGenerator(seed: seed)
        salt = generator.next() & 0xFFF
    }

    /// A generator positioned at the next id, for `count` ids drawn from it; this one moves past them.
    mutating func take(_ count: Int) -> TimeOrderedIDs {
        let first = self
        sequence += UInt64(count)
        return first
    }

    mutating func next() -> UUID {
        sequence += 1
        let ms = UInt64(max(now, 0)) & 0xFFFF_FFFF_FFFF
        // The time, version 7 and 12 bits of the seed; then the RFC 4122 variant and the sequence.
        let high = (ms << 16) | 0x7000 | (salt & 0x0FFF)
        let low = (0x80 | ((sequence >> 56) & 0x3F)) << 56 | (sequence & 0x00FF_FFFF_FFFF_FFFF)
        return UUID(high: high, low: low)
    }
}
