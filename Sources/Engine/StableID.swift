import EventStore
import Foundation

/// Ids derived from names, identical on every run and machine (never Swift's per-process `Hasher`).
public enum StableID {
    /// FNV-1a, 64 bits, of the UTF-8 bytes.
    public static func hash(_ text: String, seed: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        var hash = seed
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// A version-4-shaped UUID determined by `name`.
    public static func uuid(_ name: String) -> UUID {
        var generator = SplitMixGenerator(seed: hash(name))
        return uuid(from: &generator)
    }

    /// A version-4-shaped UUID from the next 128 bits of a seeded generator.
    public static func uuid(from generator: inout SplitMixGenerator) -> UUID {
        // The two draws big-endian, then the version and variant bits.
        let high = (generator.next() & ~(0xF << 12)) | (0x4 << 12)
        let low = (generator.next() & ~(0x3 << 62)) | (0x2 << 62)
        return UUID(high: high, low: low)
    }

    /// The id of upgrade number `upgrade` of `cluster`: the correlation id of all its events,
    /// and what `orchestrator audit --upgrade` takes.
    public static func upgrade(cluster: String, number: Int) -> UUID {
        uuid("upgrade/\(cluster)/\(number)")
    }

    /// The correlation id of every event of the template upgrade `upgradeId`.
    public static func templateUpgrade(cluster: String, upgradeId: String) -> UUID {
        uuid("template-upgrade/\(cluster)/\(upgradeId)")
    }
}

/// The engine's seeded generator is the store's SplitMix64: same seed, same numbers, everywhere.
public typealias SplitMixGenerator = SplitMix64
