import Foundation
import SwiftProtobuf

/// Encodes recorded events as `StoredEvent` protobuf messages and back.
enum EventCodec {
    static func encode(_ event: RecordedEvent) throws -> [UInt8] {
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
        return try message.serializedBytes()
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> RecordedEvent {
        // Decode straight from the memory map: the Data borrows the bytes, copying nothing.
        let view = bytes.baseAddress.map {
            Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: $0), count: bytes.count, deallocator: .none)
        } ?? Data()
        let message = try Orchestrator_Store_V1_StoredEvent(serializedBytes: view)
        guard let id = UUID(bytes: message.eventID) else {
            throw DecodingProblem(detail: "event at position \(message.position) has an event id of \(message.eventID.count) bytes")
        }
        return RecordedEvent(
            position: message.position,
            stream: message.stream,
            revision: message.revision,
            data: EventData(
                id: id,
                type: message.type,
                schemaVersion: message.schemaVersion,
                recordedAtMs: message.recordedAtMs,
                actor: message.actor,
                correlationID: UUID(bytes: message.correlationID),
                causationID: UUID(bytes: message.causationID),
                // Events from format 1.0 carry no content type; they were all JSON.
                contentType: message.contentType.isEmpty ? "application/json" : message.contentType,
                payload: message.payload
            )
        )
    }

    struct DecodingProblem: Error, CustomStringConvertible {
        let detail: String
        var description: String { detail }
    }
}

extension UUID {
    /// The 16 bytes of the UUID.
    var bytes: Data {
        withUnsafeBytes(of: uuid) { Data($0) }
    }

    /// A UUID from exactly 16 bytes, or nil.
    init?(bytes: Data) {
        guard bytes.count == 16 else { return nil }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: bytes) }
        self.init(uuid: raw)
    }
}
