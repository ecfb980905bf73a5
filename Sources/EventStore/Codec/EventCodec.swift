import Foundation

/// Encodes recorded events as `StoredEvent` protobuf records (`Proto/stored_event.proto`) and back.
///
/// The hot paths use `EventEncoder` and `EventDecoder` directly, reusing their buffers and strings
/// across a transaction or a page; these are the one-off forms. Both write and read exactly the
/// bytes swift-protobuf's generated `Orchestrator_Store_V1_StoredEvent` does (tests hold them to it).
enum EventCodec {
    static func encode(_ event: RecordedEvent) -> [UInt8] {
        EventEncoder.encode(event)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> RecordedEvent {
        var decoder = EventDecoder(stringSlots: 0)
        return try decoder.decode(bytes)
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
