@testable import EventStore
import Foundation
import SwiftProtobuf

/// Random events and `StoredEvent` records for the codec's property tests, from a seeded generator
/// so a failure names the seed that reproduces it.
struct RandomRecords {
    var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }

    mutating func uint64() -> UInt64 {
        // Small, medium and full-width values, so every varint length shows up.
        switch int(0...3) {
        case 0: 0
        case 1: UInt64(int(1...200))
        case 2: UInt64(int(0...Int(UInt32.max)))
        default: generator.next()
        }
    }

    mutating func string() -> String {
        let pieces = ["a", "Z", "/", "-", "store-0413", "NodeStepSucceeded", "é", "ß", "日本", "🚀", "\u{7F}", " "]
        if chance(10) { return "" }
        return (0..<int(1...12)).map { _ in pieces[int(0...pieces.count - 1)] }.joined()
    }

    mutating func bytes(_ count: Int) -> Data { Data((0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }) }

    mutating func uuid() -> UUID { UUID(uuid: generator.uuidBytes()) }

    mutating func event() -> RecordedEvent {
        RecordedEvent(
            position: uint64(), stream: string(), revision: uint64(),
            data: EventData(
                id: uuid(), type: string(), schemaVersion: UInt32(truncatingIfNeeded: uint64()),
                recordedAtMs: Int64(bitPattern: uint64()), actor: string(),
                correlationID: chance(50) ? uuid() : nil, causationID: chance(30) ? uuid() : nil,
                contentType: chance(20) ? "" : string(), payload: bytes(chance(10) ? 0 : int(1...400))
            )
        )
    }

    /// The message swift-protobuf's generated type holds for `event`.
    static func message(_ event: RecordedEvent) -> Orchestrator_Store_V1_StoredEvent {
        var message = Orchestrator_Store_V1_StoredEvent()
        message.position = event.position
        message.stream = event.stream
        message.revision = event.revision
        message.eventID = event.data.id.bytes
        message.type = event.data.type
        message.schemaVersion = event.data.schemaVersion
        message.recordedAtMs = event.data.recordedAtMs
        message.actor = event.data.actor
        if let correlation = event.data.correlationID { message.correlationID = correlation.bytes }
        if let causation = event.data.causationID { message.causationID = causation.bytes }
        message.payload = event.data.payload
        message.contentType = event.data.contentType
        return message
    }

    /// How the store read records before `EventDecoder`: swift-protobuf, then the same mapping.
    static func referenceDecode(_ bytes: [UInt8]) -> RecordedEvent? {
        guard let message = try? Orchestrator_Store_V1_StoredEvent(serializedBytes: bytes),
              let id = UUID(bytes: message.eventID) else { return nil }
        return RecordedEvent(
            position: message.position, stream: message.stream, revision: message.revision,
            data: EventData(
                id: id, type: message.type, schemaVersion: message.schemaVersion, recordedAtMs: message.recordedAtMs,
                actor: message.actor, correlationID: UUID(bytes: message.correlationID), causationID: UUID(bytes: message.causationID),
                contentType: message.contentType.isEmpty ? "application/json" : message.contentType, payload: message.payload
            )
        )
    }

    /// One wire-format field that `StoredEvent` does not know, or knows with another wire type:
    /// varints, fixed 32/64, length-delimited, and (possibly nested) groups.
    mutating func strayField() -> [UInt8] {
        let field = chance(50) ? UInt64(int(1...12)) : UInt64(int(13...100_000))
        switch int(0...4) {
        case 0: return Self.varint(field << 3 | 0) + Self.varint(uint64())
        case 1: return Self.varint(field << 3 | 1) + Array(bytes(8))
        case 2: return Self.varint(field << 3 | 5) + Array(bytes(4))
        case 3:
            let body = Array(bytes(int(0...20)))
            return Self.varint(field << 3 | 2) + Self.varint(UInt64(body.count)) + body
        default:
            var inner: [UInt8] = []
            for _ in 0..<int(0...2) where field > 12 { inner += strayField() }
            return Self.varint(field << 3 | 3) + inner + Self.varint(field << 3 | 4)
        }
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value, out: [UInt8] = []
        while v >= 0x80 { out.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        out.append(UInt8(v))
        return out
    }

    /// Valid records cut into fields and shuffled, repeated, interleaved with stray fields: what
    /// a newer or foreign writer could leave, all of it still valid protobuf.
    mutating func scrambled(_ event: RecordedEvent) throws -> [UInt8] {
        var fields: [[UInt8]] = []
        var one = Orchestrator_Store_V1_StoredEvent()
        let full = Self.message(event)
        // Each set field alone, as swift-protobuf writes it.
        for set in [\Orchestrator_Store_V1_StoredEvent.position, \.revision] as [WritableKeyPath<Orchestrator_Store_V1_StoredEvent, UInt64>] {
            one = .init(); one[keyPath: set] = full[keyPath: set]; fields.append(try one.serializedBytes())
        }
        for set in [\Orchestrator_Store_V1_StoredEvent.stream, \.type, \.actor, \.contentType] as [WritableKeyPath<Orchestrator_Store_V1_StoredEvent, String>] {
            one = .init(); one[keyPath: set] = full[keyPath: set]; fields.append(try one.serializedBytes())
        }
        for set in [\Orchestrator_Store_V1_StoredEvent.eventID, \.correlationID, \.causationID, \.payload] as [WritableKeyPath<Orchestrator_Store_V1_StoredEvent, Data>] {
            one = .init(); one[keyPath: set] = full[keyPath: set]; fields.append(try one.serializedBytes())
        }
        one = .init(); one.schemaVersion = full.schemaVersion; fields.append(try one.serializedBytes())
        one = .init(); one.recordedAtMs = full.recordedAtMs; fields.append(try one.serializedBytes())
        for _ in 0..<int(0...4) { fields.append(strayField()) }
        if chance(30), let some = fields.randomElement(using: &generator) { fields.append(some) }
        fields.shuffle(using: &generator)
        return fields.flatMap { $0 }
    }
}
