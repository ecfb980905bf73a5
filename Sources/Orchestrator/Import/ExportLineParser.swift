import EventStore
import Foundation

/// Reads one export line back into a recorded event; errors name the line and the field.
enum ExportLineParser {
    static func parse(_ line: Substring, number: Int) throws -> RecordedEvent {
        func fail(_ what: String) -> CommandFailure { .dataError("stdin line \(number): \(what)") }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
            throw fail("not a JSON object")
        }
        func uint(_ key: String) throws -> UInt64 {
            guard let number = object[key] as? NSNumber, let value = UInt64(exactly: number.doubleValue) ?? UInt64(number.stringValue) else {
                throw fail("\(key): expected a non-negative integer")
            }
            return value
        }
        func string(_ key: String) throws -> String {
            guard let value = object[key] as? String else { throw fail("\(key): expected a string") }
            return value
        }
        func uuid(_ key: String) throws -> UUID? {
            guard object[key] != nil else { return nil }
            guard let value = UUID(uuidString: try string(key)) else { throw fail("\(key): not a UUID") }
            return value
        }
        guard let id = try uuid("id") else { throw fail("id: missing") }
        guard let timeMs = (object["timeMs"] as? NSNumber)?.int64Value else { throw fail("timeMs: expected an integer") }
        let payload: Data
        if let data = object["data"] {
            guard let canonical = JSONText.canonical(data) else { throw fail("data: not JSON") }
            payload = canonical
        } else if let base64 = object["payloadBase64"] as? String, let decoded = Data(base64Encoded: base64) {
            payload = decoded
        } else {
            throw fail("data or payloadBase64: missing")
        }
        return RecordedEvent(
            position: try uint("position"),
            stream: try string("stream"),
            revision: try uint("revision"),
            data: EventData(
                id: id,
                type: try string("type"),
                schemaVersion: UInt32(clamping: try uint("schemaVersion")),
                recordedAtMs: timeMs,
                actor: try string("actor"),
                correlationID: try uuid("correlationId"),
                causationID: try uuid("causationId"),
                contentType: try string("contentType"),
                payload: payload
            )
        )
    }
}
