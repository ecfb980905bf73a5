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
        var bytes = [UInt8]()
        for _ in 0..<2 { withUnsafeBytes(of: generator.next().bigEndian) { bytes += $0 } }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
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
