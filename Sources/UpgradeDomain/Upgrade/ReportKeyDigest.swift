/// A report's idempotency key as 128 bits: FNV-1a over its UTF-8 bytes. The same key gives the
/// same digest in every process (unlike `Hasher`, seeded per process), so every fold of a stream
/// remembers the same keys. Two of the keys a cluster holds share a digest only by chance: about
/// n²/2¹²⁹ for n keys, 10⁻³² for 2,000 (ADR 0012).
public struct ReportKeyDigest: Sendable, Hashable, Comparable, Codable {
    public let high: UInt64
    public let low: UInt64

    public init(_ key: String) {
        var hash: UInt128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d
        for byte in key.utf8 {
            hash ^= UInt128(byte)
            // × the FNV prime 2⁸⁸ + 315, as a shift and a small product.
            hash = (hash &<< 88) &+ (hash &* 315)
        }
        high = UInt64(truncatingIfNeeded: hash >> 64)
        low = UInt64(truncatingIfNeeded: hash)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}
