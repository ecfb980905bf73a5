import Foundation

/// Decodes `StoredEvent` protobuf bytes straight into a `RecordedEventView` (borrowing the
/// payload) or a `RecordedEvent` (a copy of that view): one parser, so both check the same.
///
/// Reads the same wire format swift-protobuf reads, with its rules: fields in any order, the last
/// occurrence wins, unknown fields and known fields of another wire type are skipped, strings must
/// be valid UTF-8. A test holds it equal to swift-protobuf's decoding on random records, including
/// unknown fields and records written by the format-1.0 message. Keep one decoder for a page of
/// events: its `StringCache` lets repeated names share one string.
struct EventDecoder {
    private var strings: StringCache

    /// `stringSlots`: how many long strings to remember (0 for a one-off decode).
    init(stringSlots: Int = 64) { strings = StringCache(slots: stringSlots) }

    /// The event as an owned value (its payload copied out of `bytes`).
    mutating func decode(_ bytes: UnsafeRawBufferPointer) throws -> RecordedEvent {
        RecordedEvent(copying: try view(bytes))
    }

    /// The event decoded in place: every field checked and decoded, the payload left in `bytes`.
    /// The view's payload is valid only as long as `bytes` is.
    mutating func view(_ bytes: UnsafeRawBufferPointer) throws -> RecordedEventView {
        var reader = WireReader(bytes)
        var position: UInt64 = 0, revision: UInt64 = 0, recordedAtMs: Int64 = 0, schemaVersion: UInt32 = 0
        var stream = "", type = "", actor = "", contentType = ""
        var eventID: UUID?, eventIDLength = 0, correlationID: UUID?, causationID: UUID?
        var payload = UnsafeRawBufferPointer(start: nil, count: 0)
        // First the fields as the encoder writes them (in number order, each once), read in turn
        // while they come so: no dispatch on each tag. Whatever is left (another order, a repeat,
        // an unknown field) goes through the loop below, where later occurrences win as they must.
        if reader.take(0x08) { position = try reader.varint() }
        if reader.take(0x12) { stream = try string(reader.delimited()) }
        if reader.take(0x18) { revision = try reader.varint() }
        if reader.take(0x22) {
            let bytes = try reader.delimited()
            eventIDLength = bytes.count
            eventID = Self.uuid(bytes)
        }
        if reader.take(0x2A) { type = try string(reader.delimited()) }
        if reader.take(0x30) { schemaVersion = UInt32(truncatingIfNeeded: try reader.varint()) }
        if reader.take(0x38) { recordedAtMs = Int64(bitPattern: try reader.varint()) }
        if reader.take(0x42) { actor = try string(reader.delimited()) }
        if reader.take(0x4A) { correlationID = Self.uuid(try reader.delimited()) }
        if reader.take(0x52) { causationID = Self.uuid(try reader.delimited()) }
        if reader.take(0x5A) { payload = try reader.delimited() }
        if reader.take(0x62) { contentType = try self.contentType(reader.delimited()) }
        while let (field, wireType) = try reader.nextTag() {
            switch (field, wireType) {
            case (1, .varint): position = try reader.varint()
            case (3, .varint): revision = try reader.varint()
            case (6, .varint): schemaVersion = UInt32(truncatingIfNeeded: try reader.varint())
            case (7, .varint): recordedAtMs = Int64(bitPattern: try reader.varint())
            case (2, .lengthDelimited): stream = try string(reader.delimited())
            case (5, .lengthDelimited): type = try string(reader.delimited())
            case (8, .lengthDelimited): actor = try string(reader.delimited())
            case (12, .lengthDelimited): contentType = try self.contentType(reader.delimited())
            case (4, .lengthDelimited):
                let bytes = try reader.delimited()
                eventIDLength = bytes.count
                eventID = Self.uuid(bytes)
            case (9, .lengthDelimited): correlationID = Self.uuid(try reader.delimited())
            case (10, .lengthDelimited): causationID = Self.uuid(try reader.delimited())
            // Borrowed, not copied: the caller bounds its life (see `RecordedEventView.payload`).
            case (11, .lengthDelimited): payload = try reader.delimited()
            default: try reader.skip(wireType, field: field)
            }
        }
        guard let eventID else {
            throw EventCodec.DecodingProblem(detail: "event at position \(position) has an event id of \(eventIDLength) bytes")
        }
        return RecordedEventView(
            position: position, stream: stream, revision: revision, id: eventID, type: type,
            schemaVersion: schemaVersion, recordedAtMs: recordedAtMs, actor: actor,
            correlationID: correlationID, causationID: causationID,
            // Events from format 1.0 carry no content type; they were all JSON.
            contentType: contentType.isEmpty ? "application/json" : contentType,
            payload: payload
        )
    }

    /// Only the event id of a record (nil when it has none of 16 bytes), read as `view` reads it
    /// but skipping every other field.
    static func eventID(_ bytes: UnsafeRawBufferPointer) throws -> UUID? {
        var reader = WireReader(bytes)
        var eventID: UUID?
        while let (field, wireType) = try reader.nextTag() {
            if field == 4 && wireType == .lengthDelimited {
                eventID = uuid(try reader.delimited())
            } else {
                try reader.skip(wireType, field: field)
            }
        }
        return eventID
    }

    private mutating func string(_ bytes: UnsafeRawBufferPointer) throws -> String {
        guard let string = strings.string(bytes) else {
            throw WireReader.Malformed(why: "a string field is not valid UTF-8")
        }
        return string
    }

    /// The content type: nearly always JSON, given as the literal (a string with no storage to
    /// count references to) instead of a remembered one.
    private mutating func contentType(_ bytes: UnsafeRawBufferPointer) throws -> String {
        if bytes.count == 16, UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self)) == Self.jsonHead,
           UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) == Self.jsonTail {
            return "application/json"
        }
        return try string(bytes)
    }

    /// "application/json" as two little-endian words: "applicat" and "ion/json".
    private static let jsonHead: UInt64 = 0x7461_6369_6C70_7061
    private static let jsonTail: UInt64 = 0x6E6F_736A_2F6E_6F69

    /// A UUID from exactly 16 bytes; nil for any other length (empty means "none").
    private static func uuid(_ bytes: UnsafeRawBufferPointer) -> UUID? {
        guard bytes.count == 16 else { return nil }
        // A UUID is its sixteen bytes in memory (a test holds Foundation to it): loaded whole,
        // without a call into Foundation per id.
        return bytes.loadUnaligned(as: UUID.self)
    }
}
