import Engine
import EventStore
import Foundation

/// A recorded event as JSON: the envelope and the payload (embedded when it is JSON), in the current
/// schema (an event stored in an older one is shown as it would be stored now), keys sorted as
/// `JSONSerialization` sorts them (`actor`, `correlationId`, `data` or `payloadBase64`, `id`,
/// `position`, `revision`, `stream`, `timeMs`, `type`; the payload's keys likewise).
///
/// Written straight into bytes: the envelope by `JSONObjectWriter` (as `export` writes its lines),
/// the payload by `SortedKeysRewriter`, which keeps what it learnt of key orders from one event
/// to the next, so a stream of events uses one view for all of them.
struct EventView {
    private var payloads = SortedKeysRewriter()

    /// Sorted-key JSON bytes of one event.
    mutating func json(_ event: RecordedEvent) -> [UInt8] {
        var object = JSONObjectWriter(reservingCapacity: 256 + event.data.payload.count)
        object.string("actor", event.actor)
        if let correlation = event.data.correlationID { object.id("correlationId", correlation) }
        let presented = DomainEventCodec.presentedPayload(of: event.data)
        guard object.json("data", writing: { payloads.rewrite(presented, into: &$0) }) else {
            // Text the rewriter refuses (not JSON, or JSON it cannot vouch for): Foundation's answer.
            return Self.foundationJSON(event)
        }
        object.id("id", event.id)
        object.integer("position", event.position)
        object.integer("revision", event.revision)
        object.string("stream", event.stream)
        object.integer("timeMs", event.recordedAtMs)
        object.string("type", event.type)
        return object.finished()
    }

    /// `{"events": […]}` with sorted keys.
    static func list(_ events: [RecordedEvent]) -> [UInt8] {
        var view = EventView()
        var out = Array(#"{"events":["#.utf8)
        for (index, event) in events.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: view.json(event))
        }
        out.append(contentsOf: Array("]}".utf8))
        return out
    }

    /// The event as `JSONSerialization` writes it, for payloads the rewriter refuses: a payload
    /// that is not JSON goes as `payloadBase64` (the stored bytes), one Foundation cannot write
    /// again gives `{}`, as the route always has.
    static func foundationJSON(_ event: RecordedEvent) -> [UInt8] {
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
        let written = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return written.map { Array($0) } ?? Array("{}".utf8)
    }
}
