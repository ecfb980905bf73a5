import Engine
import EventStore
import Foundation

/// A recorded event as JSON: the envelope and the payload (embedded when it is JSON), in the current
/// schema (an event stored in an older one is shown as it would be stored now).
enum EventView {
    static func object(_ event: RecordedEvent) -> [String: Any] {
        var object: [String: Any] = [
            "position": event.position, "stream": event.stream, "revision": event.revision,
            "type": event.type, "timeMs": event.recordedAtMs, "actor": event.actor,
            "id": event.id.uuidString.lowercased(),
        ]
        if let correlation = event.data.correlationID { object["correlationId"] = correlation.uuidString.lowercased() }
        if let payload = try? JSONSerialization.jsonObject(with: DomainEventCodec.presentedPayload(of: event.data), options: [.fragmentsAllowed]) {
            object["data"] = payload
        } else {
            object["payloadBase64"] = event.data.payload.base64EncodedString()
        }
        return object
    }

    /// Sorted-key JSON bytes of one event.
    static func json(_ event: RecordedEvent) -> Data {
        (try? JSONSerialization.data(withJSONObject: object(event), options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    /// `{"events": […]}` with sorted keys.
    static func list(_ events: [RecordedEvent]) -> Data {
        var data = Data(#"{"events":["#.utf8)
        for (index, event) in events.enumerated() {
            if index > 0 { data.append(UInt8(ascii: ",")) }
            data.append(json(event))
        }
        data.append(contentsOf: Array("]}".utf8))
        return data
    }
}
