@testable import EventStore
import Foundation
import SwiftProtobuf
import Testing

/// The hand-written codec against swift-protobuf's generated `StoredEvent`, on random records:
/// the same bytes out, the same events in (or a failure where swift-protobuf fails).
@Suite("Event codec")
struct EventCodecTests {
    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func theEncoderWritesExactlyTheBytesSwiftProtobufWrites(seed: UInt64) throws {
        var random = RandomRecords(seed: seed)
        var encoder = EventEncoder()
        for i in 0..<2_000 {
            let event = random.event()
            let expected: [UInt8] = try RandomRecords.message(event).serializedBytes()
            #expect(encoder.withEncoded(event) { Array($0) } == expected, "seed \(seed), case \(i): \(event)")
            #expect(EventEncoder.size(of: event) == expected.count)
        }
    }

    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func theDecoderReadsWhatSwiftProtobufReads(seed: UInt64) throws {
        var random = RandomRecords(seed: seed)
        var decoder = EventDecoder()  // one decoder for all cases, so its string cache is exercised
        for i in 0..<2_000 {
            let event = random.event()
            let bytes: [UInt8] = try RandomRecords.message(event).serializedBytes()
            let decoded = try bytes.withUnsafeBytes { try decoder.decode($0) }
            #expect(decoded == RandomRecords.referenceDecode(bytes), "seed \(seed), case \(i)")
            // Empty content types read as JSON, so the round trip is exact otherwise.
            var expected = event
            if expected.data.contentType.isEmpty { expected.data.contentType = "application/json" }
            #expect(decoded == expected)
        }
    }

    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func unknownRepeatedAndReorderedFieldsReadAsSwiftProtobufReadsThem(seed: UInt64) throws {
        var random = RandomRecords(seed: seed)
        var decoder = EventDecoder()
        for i in 0..<2_000 {
            let bytes = try random.scrambled(random.event())
            let decoded = try? bytes.withUnsafeBytes { try decoder.decode($0) }
            #expect(decoded == RandomRecords.referenceDecode(bytes), "seed \(seed), case \(i): \(bytes)")
        }
    }

    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func damagedRecordsFailWhereSwiftProtobufFailsAndReadTheSameOtherwise(seed: UInt64) throws {
        var random = RandomRecords(seed: seed)
        var decoder = EventDecoder()
        for i in 0..<3_000 {
            var bytes = try random.scrambled(random.event())
            switch random.int(0...2) {
            case 0 where !bytes.isEmpty:
                for _ in 0..<random.int(1...3) { bytes[random.int(0...bytes.count - 1)] = UInt8(truncatingIfNeeded: random.generator.next()) }
            case 1 where !bytes.isEmpty:
                bytes.removeLast(random.int(1...min(bytes.count, 12)))
            default:
                bytes += Array(random.bytes(random.int(1...6)))
            }
            let decoded = try? bytes.withUnsafeBytes { try decoder.decode($0) }
            #expect(decoded == RandomRecords.referenceDecode(bytes), "seed \(seed), case \(i): \(bytes)")
        }
    }

    /// The decoder loads ids as whole `UUID` values from the record's bytes.
    @Test func aUUIDIsItsSixteenBytesInMemory() {
        var random = SplitMix64(seed: 3)
        for _ in 0..<100 {
            let bytes = random.uuidBytes()
            let made = UUID(uuid: bytes)
            #expect(MemoryLayout<UUID>.size == 16)
            #expect(withUnsafeBytes(of: made) { Array($0) } == withUnsafeBytes(of: bytes) { Array($0) })
            #expect(withUnsafeBytes(of: bytes) { $0.loadUnaligned(as: UUID.self) } == made)
        }
    }

    @Test func recordsOfTheFormat10MessageReadAsJSONEvents() throws {
        var random = RandomRecords(seed: 10)
        var decoder = EventDecoder()
        for _ in 0..<500 {
            let event = random.event()
            var legacy = Orchestrator_Store_Legacy_StoredEventV1_0()
            legacy.position = event.position
            legacy.stream = event.stream
            legacy.revision = event.revision
            legacy.eventID = event.data.id.bytes
            legacy.type = event.data.type
            legacy.schemaVersion = event.data.schemaVersion
            legacy.recordedAtMs = event.data.recordedAtMs
            legacy.actor = event.data.actor
            if let correlation = event.data.correlationID { legacy.correlationID = correlation.bytes }
            legacy.payload = event.data.payload
            let bytes: [UInt8] = try legacy.serializedBytes()
            let decoded = try bytes.withUnsafeBytes { try decoder.decode($0) }
            #expect(decoded == RandomRecords.referenceDecode(bytes))
            #expect(decoded.data.contentType == "application/json")
        }
    }

    @Test(arguments: [
        [0x12, 0x02, 0xC3, 0x28],  // stream: an invalid two-byte sequence
        [0x2A, 0x01, 0xFF],  // type: a byte never valid in UTF-8
        [0x42, 0x03, 0xED, 0xA0, 0x80],  // actor: an encoded surrogate
        [0x62, 0x02, 0xC0, 0xAF],  // content type: an overlong encoding
        [0x12, 0x0A] + Array("cluster/a".utf8) + [0xFF],  // stream long enough for the string cache
        [0x2A, 0x11] + Array("NodeStepSucceede".utf8) + [0xE2],  // type: a truncated three-byte sequence at the end
    ] as [[UInt8]])
    func invalidUTF8IsRefusedAsSwiftProtobufRefusesIt(field: [UInt8]) throws {
        var random = RandomRecords(seed: 3)
        var event = random.event()
        event.stream = "cluster/a"
        let bytes = try RandomRecords.message(event).serializedBytes() + field
        #expect(RandomRecords.referenceDecode(bytes) == nil)
        #expect(throws: (any Error).self) { try bytes.withUnsafeBytes { try EventCodec.decode($0) } }
        // Through a decoder whose string cache already holds the valid names of the same record.
        var decoder = EventDecoder()
        let valid: [UInt8] = try RandomRecords.message(event).serializedBytes()
        _ = try valid.withUnsafeBytes { try decoder.decode($0) }
        #expect(throws: (any Error).self) { try bytes.withUnsafeBytes { try decoder.decode($0) } }
    }

    @Test func groupsNestedDeeperThanSwiftProtobufAllowsAreRefused() throws {
        var random = RandomRecords(seed: 4)
        let event = random.event()
        let valid: [UInt8] = try RandomRecords.message(event).serializedBytes()
        for depth in [98, 99, 100, 101] {
            let open = (0..<depth).flatMap { _ in RandomRecords.varint(20 << 3 | 3) }
            let close = (0..<depth).flatMap { _ in RandomRecords.varint(20 << 3 | 4) }
            let bytes = valid + open + close
            let decoded = try? bytes.withUnsafeBytes { try EventCodec.decode($0) }
            #expect(decoded == RandomRecords.referenceDecode(bytes), "depth \(depth)")
            #expect((decoded == nil) == (depth > 99))
        }
    }

    @Test func longRepeatedNamesShareOneStringAndStillReadBackExactly() throws {
        var decoder = EventDecoder()
        var random = RandomRecords(seed: 5)
        // Many distinct long strings cycle through the small cache, colliding in its slots.
        let names = (0..<300).map { "agent/store-\($0)-with-a-long-suffix" }
        for i in 0..<3_000 {
            var event = random.event()
            event.data.actor = names[(i * 7) % names.count]
            event.data.type = names[(i * 13) % names.count]
            let bytes = EventCodec.encode(event)
            let decoded = try bytes.withUnsafeBytes { try decoder.decode($0) }
            #expect(decoded.data.actor == event.data.actor && decoded.data.type == event.data.type)
        }
    }

    /// JSON's content type is read as one shared literal; every other, however close, as written.
    @Test(arguments: ["application/json", "application/yaml", "application/jsoN", "Application/json", "application/json+x", "text/plain", ""])
    func contentTypesReadBackExactly(contentType: String) throws {
        var decoder = EventDecoder()
        var random = RandomRecords(seed: 6)
        var event = random.event()
        event.data.contentType = contentType
        let bytes = EventCodec.encode(event)
        let decoded = try bytes.withUnsafeBytes { try decoder.decode($0) }
        #expect(decoded.data.contentType == (contentType.isEmpty ? "application/json" : contentType))
        #expect(decoded == RandomRecords.referenceDecode(bytes))
    }
}
