import Foundation

/// Encodes recorded events as `StoredEvent` protobuf bytes into one buffer reused for every event.
///
/// Writes exactly what swift-protobuf writes for the same message (fields in number order, proto3
/// defaults left out), so records stay byte-for-byte format 1; a test checks it on random events.
/// It sizes the record first and then writes once, with no per-event allocation.
struct EventEncoder {
    private var buffer: [UInt8] = []

    /// Runs `body` with the encoded bytes; they are valid only inside `body`.
    mutating func withEncoded<T>(_ event: RecordedEvent, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try withEncoded(position: event.position, stream: event.stream, revision: event.revision, data: event.data, body)
    }

    /// The same for an event given by its parts, borrowed: appends encode the request's events
    /// where they are, with no `RecordedEvent` made (and no strings retained) for each.
    mutating func withEncoded<T>(
        position: UInt64, stream: borrowing String, revision: UInt64, data: borrowing EventData, _ body: (UnsafeRawBufferPointer) throws -> T
    ) rethrows -> T {
        let size = Self.size(position: position, stream: stream, revision: revision, data: data)
        if buffer.count < size { buffer = [UInt8](repeating: 0, count: max(size, 2 * buffer.count)) }
        return try buffer.withUnsafeMutableBytes { storage in
            var writer = WireWriter(storage.baseAddress!)
            Self.write(position: position, stream: stream, revision: revision, data: data, to: &writer)
            // `size(of:)` and `write` must agree (the property tests hold them to it); never go on past a mismatch.
            precondition(writer.position - storage.baseAddress! == size, "EventEncoder wrote a StoredEvent of another size than it computed")
            return try body(UnsafeRawBufferPointer(rebasing: storage[..<size]))
        }
    }

    /// The encoded bytes as a new array.
    static func encode(_ event: RecordedEvent) -> [UInt8] {
        var encoder = EventEncoder()
        return encoder.withEncoded(event) { Array($0) }
    }

    /// The exact size of the record, computed without writing it.
    static func size(of event: RecordedEvent) -> Int {
        size(position: event.position, stream: event.stream, revision: event.revision, data: event.data)
    }

    private static func size(position: UInt64, stream: borrowing String, revision: UInt64, data: borrowing EventData) -> Int {
        var size = 0
        if position != 0 { size += WireWriter.varintFieldSize(position) }
        if !stream.isEmpty { size += WireWriter.delimitedSize(stream.utf8.count) }
        if revision != 0 { size += WireWriter.varintFieldSize(revision) }
        size += WireWriter.delimitedSize(16)
        if !data.type.isEmpty { size += WireWriter.delimitedSize(data.type.utf8.count) }
        if data.schemaVersion != 0 { size += WireWriter.varintFieldSize(UInt64(data.schemaVersion)) }
        if data.recordedAtMs != 0 { size += WireWriter.varintFieldSize(UInt64(bitPattern: data.recordedAtMs)) }
        if !data.actor.isEmpty { size += WireWriter.delimitedSize(data.actor.utf8.count) }
        if data.correlationID != nil { size += WireWriter.delimitedSize(16) }
        if data.causationID != nil { size += WireWriter.delimitedSize(16) }
        if !data.payload.isEmpty { size += WireWriter.delimitedSize(data.payload.count) }
        if !data.contentType.isEmpty { size += WireWriter.delimitedSize(data.contentType.utf8.count) }
        return size
    }

    /// Field numbers as in `stored_event.proto`.
    private static func write(position: UInt64, stream: borrowing String, revision: UInt64, data: borrowing EventData, to writer: inout WireWriter) {
        if position != 0 { writer.varintField(1, position) }
        if !stream.isEmpty { writer.stringField(2, stream) }
        if revision != 0 { writer.varintField(3, revision) }
        withUnsafeBytes(of: data.id.uuid) { writer.delimitedField(4, $0) }
        if !data.type.isEmpty { writer.stringField(5, data.type) }
        if data.schemaVersion != 0 { writer.varintField(6, UInt64(data.schemaVersion)) }
        if data.recordedAtMs != 0 { writer.varintField(7, UInt64(bitPattern: data.recordedAtMs)) }
        if !data.actor.isEmpty { writer.stringField(8, data.actor) }
        if let correlation = data.correlationID { withUnsafeBytes(of: correlation.uuid) { writer.delimitedField(9, $0) } }
        if let causation = data.causationID { withUnsafeBytes(of: causation.uuid) { writer.delimitedField(10, $0) } }
        if !data.payload.isEmpty { data.payload.withUnsafeBytes { writer.delimitedField(11, $0) } }
        if !data.contentType.isEmpty { writer.stringField(12, data.contentType) }
    }
}
