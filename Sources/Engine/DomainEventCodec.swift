import EventStore
import Foundation
import UpgradeDomain

/// Turns domain events into store envelopes and back. Payloads are JSON with sorted keys, so the
/// same event always gives the same bytes (replays reproduce byte for byte).
///
/// Edge and template upgrade events are stored in schema 2: the case's own values, with
/// identifiers as strings, times as milliseconds and rollout values as Cluster API writes them
/// (`UpgradeEventPayload`). Those of schema 1, Swift's synthesized forms, are rewritten on read
/// (`LegacyPayload`, ADR 0013). Documents (profile versions, assignments, overrides) are in
/// their own schema 1, which has not changed.
public enum DomainEventCodec {
    /// Schema version of the payloads of edge and template upgrade events.
    public static let schemaVersion: UInt32 = 2
    /// Schema version of the payloads of documents.
    public static let documentSchemaVersion: UInt32 = 1

    public static func encode<Event: Encodable>(
        _ event: Event, type: String, id: UUID, at ms: Int64, actor: String,
        correlation: UUID? = nil, causation: UUID? = nil
    ) throws -> EventData {
        envelope(payload: try CompactJSONEncoder().encode(event), schema: documentSchemaVersion, type: type, id: id, at: ms,
                 actor: actor, correlation: correlation, causation: causation)
    }

    /// `encode` for the template upgrade events, in their stored form (`TemplateUpgradeEventPayload`).
    public static func encode(
        _ event: TemplateUpgradeEvent, type: String, id: UUID, at ms: Int64, actor: String,
        correlation: UUID? = nil, causation: UUID? = nil
    ) throws -> EventData {
        envelope(payload: try TemplateUpgradeEventPayload.encode(event), schema: schemaVersion, type: type, id: id, at: ms,
                 actor: actor, correlation: correlation, causation: causation)
    }

    /// `encode` for the cluster-upgrade events in their stored form (`UpgradeEventPayload`), with the
    /// most frequent ones written directly (`NodeEventJSON`, `AcceptedUpgradeJSON`,
    /// `ClusterRegisteredJSON`: the same bytes, a fraction of the time).
    public static func encode(
        _ event: UpgradeEvent, type: String, id: UUID, at ms: Int64, actor: String,
        correlation: UUID? = nil, causation: UUID? = nil
    ) throws -> EventData {
        let payload = try NodeEventJSON.encode(event) ?? AcceptedUpgradeJSON.encode(event) ?? ClusterRegisteredJSON.encode(event)
            ?? UpgradeEventPayload.encode(event)
        return envelope(payload: payload, schema: schemaVersion, type: type, id: id, at: ms, actor: actor, correlation: correlation, causation: causation)
    }

    private static func envelope(
        payload: [UInt8], schema: UInt32, type: String, id: UUID, at ms: Int64, actor: String, correlation: UUID?, causation: UUID?
    ) -> EventData {
        EventData(
            id: id, type: type, schemaVersion: schema, recordedAtMs: ms, actor: actor,
            correlationID: correlation, causationID: causation, contentType: "application/json", payload: Data(payload))
    }

    public static func decode<Event: Decodable>(_ type: Event.Type, from recorded: RecordedEvent) throws -> Event {
        try decodeJSON(type, from: recorded)
    }

    /// `decode` for the cluster-upgrade events, with the most frequent ones read directly
    /// (`NodeEventJSONReader`, `ClusterRegisteredJSONReader`, `AcceptedUpgradeJSONReader`: the same
    /// values, a fraction of the time).
    public static func decode(_ type: UpgradeEvent.Type, from recorded: RecordedEvent) throws -> UpgradeEvent {
        // The direct readers read schema 1 in its own form: rewriting it first costs more than decoding.
        let stored = recorded.data.payload, schema1 = needsRewrite(recorded.data)
        if let event = NodeEventJSONReader.decode(stored, type: recorded.type, schema1: schema1)
            ?? ClusterRegisteredJSONReader.decode(stored, type: recorded.type, schema1: schema1)
            ?? AcceptedUpgradeJSONReader.decode(stored, type: recorded.type, schema1: schema1) {
            return event
        }
        let payload = try currentPayload(of: recorded)
        let event = try decoding(recorded) { try UpgradeEventPayload.decode(type: recorded.type, from: payload) }
        guard let event else { throw DomainEventDecodingError(position: recorded.position, type: recorded.type, detail: "not an edge upgrade event type") }
        return event
    }

    /// `decode` for the template upgrade events (`TemplateUpgradeEventPayload`).
    public static func decode(_ type: TemplateUpgradeEvent.Type, from recorded: RecordedEvent) throws -> TemplateUpgradeEvent {
        let payload = try currentPayload(of: recorded)
        let event = try decoding(recorded) { try TemplateUpgradeEventPayload.decode(type: recorded.type, from: payload) }
        guard let event else { throw DomainEventDecodingError(position: recorded.position, type: recorded.type, detail: "not a template upgrade event type") }
        return event
    }

    private static func decodeJSON<Event: Decodable>(_ type: Event.Type, from recorded: RecordedEvent) throws -> Event {
        try decoding(recorded) { try JSONDecoder().decode(type, from: recorded.data.payload) }
    }

    private static func decoding<Value>(_ recorded: RecordedEvent, _ body: () throws -> Value) throws -> Value {
        do {
            return try body()
        } catch {
            var detail = DecodingErrorText.describe(error, root: "the data")
            let known = isUpgradeEvent(recorded.type) ? schemaVersion : documentSchemaVersion
            if recorded.data.schemaVersion > known {
                detail = "written in schema \(recorded.data.schemaVersion), newer than this orchestrator reads (\(known)): \(detail)"
            }
            throw DomainEventDecodingError(position: recorded.position, type: recorded.type, detail: detail)
        }
    }

    /// The payload as schema 2 writes it: an edge or template upgrade event of schema 1 rewritten
    /// (`LegacyPayload`), anything else as stored.
    public static func currentPayload(of recorded: RecordedEvent) throws -> Data {
        guard needsRewrite(recorded.data) else { return recorded.data.payload }
        do {
            return try LegacyPayload.rewrite(recorded.data.payload, type: recorded.type)
        } catch let other as LegacyPayload.OtherCase {
            throw DomainEventDecodingError(position: recorded.position, type: recorded.type, detail: "its data holds a \(other.held) event")
        } catch {
            throw DomainEventDecodingError(position: recorded.position, type: recorded.type, detail: "the schema 1 data is not JSON")
        }
    }

    /// `currentPayload` for display: the stored bytes when they cannot be rewritten.
    public static func presentedPayload(of data: EventData) -> Data {
        guard needsRewrite(data), let rewritten = try? LegacyPayload.rewrite(data.payload, type: data.type) else { return data.payload }
        return rewritten
    }

    private static func needsRewrite(_ data: EventData) -> Bool {
        data.schemaVersion < schemaVersion && isUpgradeEvent(data.type)
    }

    /// Whether `type` is an edge or template upgrade event's (their payloads have the event schema).
    private static func isUpgradeEvent(_ type: String) -> Bool {
        UpgradeEvent.typeNames.contains(type) || TemplateUpgradeEvent.typeNames.contains(type)
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
    /// Where and what, in plain words (`$.at: expected a number`).
    public var detail: String
    public var description: String { "event at position \(position) (\(type)) does not decode: \(detail)" }
}
