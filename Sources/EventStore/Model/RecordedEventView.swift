import Foundation

/// One event of the log decoded in place: every envelope field as a value, the payload as bytes
/// borrowed from the store's memory map.
///
/// `EventStore.scanEvents` lends one to its body for the length of one call. The view cannot be
/// copied or kept (it is `~Copyable` and lent `borrowing`); its strings, UUIDs and numbers are
/// ordinary values a caller may keep. `payload` is valid only during the call: copy it
/// (`Data(view.payload)`) or the whole event (`RecordedEvent(copying:)`) to keep it.
///
/// It holds exactly what `RecordedEvent` holds, decoded by the same code with the same checks.
public struct RecordedEventView: ~Copyable {
    /// Global position, gap-free from 1.
    public let position: UInt64
    public let stream: String
    /// Revision within the stream, gap-free from 0.
    public let revision: UInt64
    public let id: UUID
    public let type: String
    public let schemaVersion: UInt32
    /// Milliseconds since the Unix epoch (UTC).
    public let recordedAtMs: Int64
    public let actor: String
    public let correlationID: UUID?
    public let causationID: UUID?
    public let contentType: String
    /// The payload's bytes in the memory map, valid only until the call that lent this view returns.
    ///
    /// Unsafe pointer: it points into a page of the map that LMDB keeps unchanged while the read
    /// transaction that found it is open, and the map is never resized under an open transaction
    /// (`LMDBEnvironment.grow` waits for them). The store lends the view only while that
    /// transaction is open; the view cannot outlive the call, but a copy of this pointer could,
    /// so callers copy the bytes, never the pointer.
    public let payload: UnsafeRawBufferPointer

    init(
        position: UInt64, stream: String, revision: UInt64, id: UUID, type: String, schemaVersion: UInt32,
        recordedAtMs: Int64, actor: String, correlationID: UUID?, causationID: UUID?, contentType: String,
        payload: UnsafeRawBufferPointer
    ) {
        self.position = position
        self.stream = stream
        self.revision = revision
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.recordedAtMs = recordedAtMs
        self.actor = actor
        self.correlationID = correlationID
        self.causationID = causationID
        self.contentType = contentType
        self.payload = payload
    }
}

extension RecordedEvent {
    /// An owned copy of a view: the same fields, the payload copied out of the map.
    public init(copying view: borrowing RecordedEventView) {
        self.init(
            position: view.position,
            stream: view.stream,
            revision: view.revision,
            data: EventData(
                id: view.id,
                type: view.type,
                schemaVersion: view.schemaVersion,
                recordedAtMs: view.recordedAtMs,
                actor: view.actor,
                correlationID: view.correlationID,
                causationID: view.causationID,
                contentType: view.contentType,
                payload: view.payload.isEmpty ? Data() : Data(view.payload)
            )
        )
    }
}
