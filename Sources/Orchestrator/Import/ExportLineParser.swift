import Engine
import EventStore
import Foundation
import UpgradeDomain

/// Reads one export line back into a recorded event; errors name the line and the field.
/// Every key of the line is read or refused (ADR 0026): a key export does not write, a key given
/// twice, or a `time` that is not `timeMs` would otherwise be dropped without a word.
enum ExportLineParser {
    /// The keys `EventJSON.exportLine` writes.
    static let keys: Set<String> = [
        "position", "stream", "revision", "id", "type", "schemaVersion", "time", "timeMs", "actor",
        "correlationId", "causationId", "contentType", "data", "payloadBase64",
    ]

    static func parse(_ line: Substring, number: Int) throws -> RecordedEvent {
        func fail(_ what: String) -> CommandFailure { .dataError("stdin line \(number): \(what)") }
        // One pass gives the values and the first key given twice (read again, in full, before).
        guard let (value, repeatedKey) = LineValueParser.parse(line), case .object(let object) = value else {
            throw fail("not a JSON object")
        }
        /// A whole JSON number as written (never `true`, a fraction or a rounded double).
        func integer<T: FixedWidthInteger>(_ key: String, _ type: T.Type, _ expected: String) throws -> T {
            switch object[key] {
            case .integer(let whole)?: if let value = T(exactly: whole) { return value }
            case .number(let number)?: if let value = T(number.stringValue) { return value }
            default: break
            }
            let got = object[key].map { value in
                if case .bool(let flag) = value { return flag ? "true" : "false" }
                return "\(value.foundation)"
            }
            throw fail("\(key): expected \(expected)\(got.map { ", got \($0)" } ?? "")")
        }
        func uint(_ key: String) throws -> UInt64 { try integer(key, UInt64.self, "a non-negative integer") }
        func string(_ key: String) throws -> String {
            guard case .string(let value)? = object[key] else { throw fail("\(key): expected a string") }
            return value
        }
        func uuid(_ key: String) throws -> UUID? {
            guard object[key] != nil else { return nil }
            guard let value = UUID(uuidString: try string(key)) else { throw fail("\(key): not a UUID") }
            return value
        }
        guard let id = try uuid("id") else { throw fail("id: missing") }
        let timeMs = try integer("timeMs", Int64.self, "milliseconds since the epoch")
        guard (0...RFC3339.lastMillisecond).contains(timeMs) else {
            throw fail("timeMs: \(timeMs) is outside 1970 to 9999 (0 to \(RFC3339.lastMillisecond) milliseconds since the epoch)")
        }
        if let time = object["time"] {
            // The readable copy of timeMs: an edit to it alone would be dropped, as timeMs is what the store keeps.
            guard case .string(let text) = time, let ms = RFC3339.milliseconds(from: text) else { throw fail("time: expected an RFC 3339 time") }
            guard ms == timeMs else {
                throw fail("time \(text) disagrees with timeMs \(timeMs) (\(RFC3339.text(timeMs))); the store keeps timeMs: edit both, or leave time out")
            }
        }
        let payload: Data
        if let data = object["data"] {
            guard let canonical = data.canonical else { throw fail("data: not JSON") }
            payload = canonical
        } else if let base64 = object["payloadBase64"] {
            guard case .string(let text) = base64, let decoded = Data(base64Encoded: text) else { throw fail("payloadBase64: not base64 text") }
            payload = decoded
        } else {
            throw fail("data or payloadBase64: missing")
        }
        let contentType = try string("contentType")
        guard !contentType.isEmpty else { throw fail("contentType: empty") }
        let event = RecordedEvent(
            position: try uint("position"),
            stream: try string("stream"),
            revision: try uint("revision"),
            data: EventData(
                id: id,
                type: try string("type"),
                schemaVersion: try integer("schemaVersion", UInt32.self, "a schema version (0 to \(UInt32.max))"),
                recordedAtMs: timeMs,
                actor: try string("actor"),
                correlationID: try uuid("correlationId"),
                causationID: try uuid("causationId"),
                contentType: contentType,
                payload: payload
            )
        )
        // Each field read well; now what else the line holds, which would be dropped.
        if let unknown = object.keys.filter({ !keys.contains($0) }).sorted().first {
            throw fail("\(unknown): not a key of an export line (it would be dropped; the keys are \(keys.sorted().joined(separator: ", ")))")
        }
        if let repeated = repeatedKey {
            throw fail("\(repeated.dropFirst(2)): the key is given twice (one of the two would be dropped)")
        }
        if object["data"] != nil && object["payloadBase64"] != nil {
            throw fail("data and payloadBase64: both given (an export line carries its payload in one of them)")
        }
        return event
    }
}
