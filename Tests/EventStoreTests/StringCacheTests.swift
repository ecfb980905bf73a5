@testable import EventStore
import Testing

/// The decoder's string cache: a hit must be the very same text, whatever collides in a slot.
@Suite("String cache")
struct StringCacheTests {
    @Test func oneSlotNeverConfusesStringsThatShareHeadTailAndLength() throws {
        var cache = StringCache(slots: 1)
        // Same length and same first and last eight bytes, different in the middle: 17 to 256 bytes.
        for count in [8, 15, 16, 17, 23, 24, 25, 31, 32, 33, 40, 64, 255, 256, 257] {
            for middle in ["a", "b", "é"] {
                let filler = String(repeating: middle == "é" ? "x" : middle, count: max(0, count - 16 - (middle == "é" ? 2 : 0)))
                let text = count < 16 ? String(repeating: middle, count: count) : "HEADHEAD" + filler + (middle == "é" ? "é" : "") + "TAILTAIL"
                for _ in 0..<2 {
                    let bytes = Array(text.utf8)
                    #expect(bytes.withUnsafeBytes { cache.string($0) } == text, "\(count) bytes, \(middle)")
                }
            }
        }
    }

    @Test func invalidUTF8IsRefusedHitOrMiss() {
        var cache = StringCache(slots: 4)
        let bad: [UInt8] = [0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0xC3, 0x28, 0x67]
        #expect(bad.withUnsafeBytes { cache.string($0) } == nil)
        #expect(bad.withUnsafeBytes { cache.string($0) } == nil)
    }
}
