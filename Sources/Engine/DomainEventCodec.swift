import EventStore
import Foundation
import UpgradeDomain

/// Turns domain events into store envelopes and back. Payloads are JSON with sorted keys, so the
/// same event always gives the same bytes (replays reproduce byte for byte).
public enum DomainEventCodec {
    /// Schema version of the JSON payloads of domain events.
    public static let schemaVersion: UInt32 = 1

    public static func encode<Event: Encodable>(
        _ event: Event, type: String, id: UUID, at ms: Int64, actor: String,
        correlation: UUID? = nil, causation: UUID? = nil
    ) throws -> EventData {
        envelope(payload: try CompactJSONEncoder().encode(event), type: type, id: id, at: ms, actor: actor,
                 correlation: correlation, causation: causation)
    }

    /// `encode` for the cluster-upgrade events, with the most frequent ones written directly
    /// (`NodeEventJSON`, `AcceptedUpgradeJSON`, `ClusterRegisteredJSON`: the same bytes, a
    /// fraction of the time).
    public static func encode(
        _ event: UpgradeEvent, type: String, id: UUID, at ms: Int64, actor: String,
        correlation: UUID? = nil, causation: UUID? = nil
    ) throws -> EventData {
        let payload = try NodeEventJSON.encode(event) ?? AcceptedUpgradeJSON.encode(event) ?? ClusterRegisteredJSON.encode(event)
            ?? CompactJSONEncoder().encode(event)
        return envelope(payload: payload, type: type, id: id, at: ms, actor: actor, correlation: correlation, causation: causation)
    }

    private static func envelope(
        payload: [UInt8], type: String, id: UUID, at ms: Int64, actor: String, correlation: UUID?, causation: UUID?
    ) -> EventData {
        EventData(
            id: id, type: type, schemaVersion: schemaVersion, recordedAtMs: ms, actor: actor,
            correlationID: correlation, causationID: causation, contentType: "application/json", payload: Data(payload))
    }

    public static func decode<Event: Decodable>(_ type: Event.Type, from recorded: RecordedEvent) throws -> Event {
        try decodeJSON(type, from: recorded)
    }

    /// `decode` for the cluster-upgrade events, with the most frequent ones read directly
    /// (`NodeEventJSONReader`, `ClusterRegisteredJSONReader`, `AcceptedUpgradeJSONReader`: the same
    /// values, a fraction of the time).
    public static func decode(_ type: UpgradeEvent.Type, from recorded: RecordedEvent) throws -> UpgradeEvent {
        let payload = recorded.data.payload
        if let event = NodeEventJSONReader.decode(payload) ?? ClusterRegisteredJSONReader.decode(payload)
            ?? AcceptedUpgradeJSONReader.decode(payload) {
            return event
        }
        return try decodeJSON(type, from: recorded)
    }

    private static func decodeJSON<Event: Decodable>(_ type: Event.Type, from recorded: RecordedEvent) throws -> Event {
        do {
            return try JSONDecoder().decode(type, from: recorded.data.payload)
        } catch {
            throw DomainEventDecodingError(position: recorded.position, type: recorded.type, detail: DecodingErrorText.describe(error, root: "the data"))
        }
    }

    /// Foundation's encoder configured to write the same text as `CompactJSONEncoder` (the tests'
    /// oracle). A fresh one each time: JSONEncoder is not safe to share across threads.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// A stored event whose payload does not decode as the domain event its type names.
public struct DomainEventDecodingError: Error, CustomStringConvertible {
    public var position: UInt64
    public var type: String
    /// Where and what, in plain words (`$.nodeStepSucceeded._0.at: expected a number`).
    public var detail: String
    public var description: String { "event at position \(position) (\(type)) does not decode: \(detail)" }
}
