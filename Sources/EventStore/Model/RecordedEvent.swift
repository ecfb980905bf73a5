import Foundation

/// An event as the log holds it: its data plus where it stands.
public struct RecordedEvent: Sendable, Hashable {
    /// Global position, gap-free from 1.
    public var position: UInt64
    public var stream: String
    /// Revision within the stream, gap-free from 0.
    public var revision: UInt64
    public var data: EventData

    public init(position: UInt64, stream: String, revision: UInt64, data: EventData) {
        self.position = position
        self.stream = stream
        self.revision = revision
        self.data = data
    }

    public var id: UUID { data.id }
    public var type: String { data.type }
    public var actor: String { data.actor }
    public var recordedAtMs: Int64 { data.recordedAtMs }
}
