import Foundation
import Testing
@testable import EventStore

@Suite("Time-ordered event ids")
struct TimeOrderedEventIDTests {
    /// The id's 16 bytes, compared as the store's `event_ids` index compares its keys.
    static func bytes(_ id: UUID) -> [UInt8] { withUnsafeBytes(of: id.uuid) { Array($0) } }

    @Test func idsCarryTheirMillisecondVersion7AndTheRFCVariant() {
        let id = TimeOrderedEventID.next(ms: 1_795_000_000_123)
        let bytes = Self.bytes(id)
        let ms = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(ms >= 1_795_000_000_123)
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
    }

    @Test func idsDrawnInOneMillisecondOrWithTheClockSteppingBackStillIncrease() {
        var previous = Self.bytes(TimeOrderedEventID.next(ms: 1_900_000_000_000))
        for ms: Int64 in [1_900_000_000_000, 1_900_000_000_000, 1_899_999_999_000, 1_900_000_000_001, 5] {
            for _ in 0..<1000 {
                let next = Self.bytes(TimeOrderedEventID.next(ms: ms))
                #expect(previous.lexicographicallyPrecedes(next))
                previous = next
            }
        }
    }

    @Test func idsDrawnConcurrentlyAreUnique() async {
        let ids = await withTaskGroup(of: [UUID].self) { group in
            for _ in 0..<8 { group.addTask { (0..<2000).map { _ in TimeOrderedEventID.next() } } }
            return await group.reduce(into: [UUID]()) { $0 += $1 }
        }
        #expect(Set(ids).count == 16_000)
    }

    @Test func partsLandWhereRFC9562PutsThem() {
        let id = TimeOrderedEventID.make(ms: 0x0123_4567_89AB, counter: (0xABC << 30) | 0x1234_5678, random: 0xDEAD_BEEF)
        #expect(id.uuidString == "01234567-89AB-7ABC-9234-5678DEADBEEF")
    }
}
