import Engine
import EventStore
import Foundation

/// The JSON shapes of a recorded event: the audit line, and the full export line.
enum EventJSON {
    /// `{"position":…,"stream":…,"revision":…,"id":…,"type":…,"time":…,"actor":…,"correlationId":…,"data":{…}}`;
    /// `correlationId` (the upgrade's id, for `audit --upgrade` and `audit timeline`) only when the event has one.
    /// `data` is in the current schema: an event stored in an older one is shown as it would be stored now.
    static func auditLine(_ event: RecordedEvent) -> String {
        var pairs: [(String, String)] = [
            ("position", String(event.position)),
            ("stream", JSONText.quote(event.stream)),
            ("revision", String(event.revision)),
            ("id", JSONText.quote(event.data.id.uuidString.lowercased())),
            ("type", JSONText.quote(event.type)),
            ("time", JSONText.quote(TimeText.rfc3339(event.recordedAtMs))),
            ("actor", JSONText.quote(event.actor)),
        ]
        if let id = event.data.correlationID { pairs.append(("correlationId", JSONText.quote(id.uuidString.lowercased()))) }
        pairs.append(("data", dataJSON(DomainEventCodec.presentedPayload(of: event.data))))
        return JSONText.object(pairs)
    }

    /// Every field of the envelope, so import re-creates the event byte for byte. The payload is
    /// embedded as `data` when it is canonical JSON, otherwise carried as `payloadBase64`, and
    /// always as stored, in its own `schemaVersion`. Written straight into bytes by the same
    /// writer as the service's `GET /v1/events` (`JSONObjectWriter`).
    static func exportLine(_ event: RecordedEvent) -> String {
        let data = event.data
        var object = JSONObjectWriter(reservingCapacity: 320 + data.payload.count)
        object.integer("position", event.position)
        object.string("stream", event.stream)
        object.integer("revision", event.revision)
        object.id("id", data.id)
        object.string("type", data.type)
        object.integer("schemaVersion", UInt64(data.schemaVersion))
        object.string("time", TimeText.rfc3339(data.recordedAtMs))
        object.integer("timeMs", data.recordedAtMs)
        object.string("actor", data.actor)
        if let id = data.correlationID { object.id("correlationId", id) }
        if let id = data.causationID { object.id("causationId", id) }
        object.string("contentType", data.contentType)
        if let embedded = CanonicalJSON.embeddable(data.payload) {
            object.json("data", embedded)
        } else {
            object.string("payloadBase64", data.payload.base64EncodedString())
        }
        return object.finishedText()
    }

    /// The payload as JSON in canonical form when it is JSON (as it is, when it is canonical
    /// already), else as a base64 string.
    static func dataJSON(_ payload: Data) -> String {
        if payload.isEmpty { return "null" }
        if let text = CanonicalJSON.rewritten(payload) {
            return String(decoding: text, as: UTF8.self)
        }
        return JSONText.quote(payload.base64EncodedString())
    }
}
