import Foundation

/// An event as its producer hands it to the store: everything but its position and revision.
///
/// Time and ids are inputs: the service passes its clock's time and fresh UUIDs, the simulator
/// its virtual time and seeded ids, so the same code records both.
public struct EventData: Sendable, Hashable {
    public var id: UUID
    public var type: String
    public var schemaVersion: UInt32
    /// Milliseconds since the Unix epoch (UTC).
    public var recordedAtMs: Int64
    public var actor: String
    public var correlationID: UUID?
    public var causationID: UUID?
    public var contentType: String
    public var payload: Data

    public init(
        id: UUID,
        type: String,
        schemaVersion: UInt32 = 1,
        recordedAtMs: Int64,
        actor: String,
        correlationID: UUID? = nil,
        causationID: UUID? = nil,
        contentType: String = "application/json",
        payload: Data
    ) {
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
