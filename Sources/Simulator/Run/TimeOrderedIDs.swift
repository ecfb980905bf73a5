import Engine
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

    mutating func next() -> UUID {
        sequence += 1
        let ms = UInt64(max(now, 0)) & 0xFFFF_FFFF_FFFF
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8((ms >> (40 - 8 * UInt64(i))) & 0xFF) }
        bytes[6] = 0x70 | UInt8((salt >> 8) & 0x0F)  // version 7, then 12 bits of the seed
        bytes[7] = UInt8(salt & 0xFF)
        bytes[8] = 0x80 | UInt8((sequence >> 56) & 0x3F)  // RFC 4122 variant, then the sequence
        for i in 9..<16 { bytes[i] = UInt8((sequence >> (8 * UInt64(15 - i))) & 0xFF) }
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
