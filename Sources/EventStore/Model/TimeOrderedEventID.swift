import Foundation
import Synchronization

/// Event ids that grow with time (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, then
/// a 42-bit counter, then 32 random bits. The store's `event_ids` index is then appended to near
/// its end instead of at random places, which is what keeps durable appends cheap as the store
/// grows (see docs/performance.md). Within one process ids strictly increase, also when many
/// are drawn in one millisecond or the clock steps back.
public enum TimeOrderedEventID {
    private struct Last {
        var ms: UInt64 = 0
        var counter: UInt64 = 0
        /// The random parts' source: seeded once from the system's, so an id costs no system call.
        var random = SplitMix64(seed: UInt64.random(in: .min ... .max))
    }

    private static let last = Mutex(Last())
    private static let counterBits: UInt64 = 42

    /// A new id for an event recorded now (or at `ms`, milliseconds since the Unix epoch).
    public static func next(ms: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) -> UUID {
        let (ms, counter, random) = last.withLock { last -> (UInt64, UInt64, UInt64) in
            let now = UInt64(max(ms, 0)) & 0xFFFF_FFFF_FFFF
            if now > last.ms {
                // A fresh millisecond starts its counter at a random point in the lower half, so
                // ids of different processes interleave without colliding and there is headroom.
                (last.ms, last.counter) = (now, last.random.next() & ((1 << (counterBits - 1)) - 1))
            } else if last.counter + 1 < (1 << counterBits) {
                last.counter += 1
            } else {
                (last.ms, last.counter) = (last.ms + 1, 0)  // counter spent: borrow the next millisecond
            }
            return (last.ms, last.counter, last.random.next())
        }
        return make(ms: ms, counter: counter, random: UInt32(truncatingIfNeeded: random))
    }

    /// The id with these parts: version 7, RFC 9562 variant.
    static func make(ms: UInt64, counter: UInt64, random: UInt32) -> UUID {
        let high = (ms << 16) | 0x7000 | ((counter >> 30) & 0x0FFF)
        let low = (0b10 << 62) | ((counter & 0x3FFF_FFFF) << 32) | UInt64(random)
        return UUID(high: high, low: low)
    }
}
