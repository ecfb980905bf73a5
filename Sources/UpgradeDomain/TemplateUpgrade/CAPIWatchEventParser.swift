import Foundation

/// Parses newline-delimited Kubernetes watch events on Cluster API objects.
///
/// Pure: the input is text, the output a value or a ``CAPIWatchParseError`` naming the JSON path.
/// A line is read in one pass over its bytes (`SelectiveJSONParser`), keeping only the members
/// the events need (``lineFields``); it accepts and refuses what Foundation's `JSONDecoder` did
/// when every line was decoded whole into a ``TemplateValue`` (``decodeJSON(_:)``, still the
/// reader of k0rdent's objects and kept as the reference of the tests).
public enum CAPIWatchEventParser {
    /// The watch event types on the wire.
    static let eventTypes = ["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"]

    /// Parses one line `{"type": …, "object": {…}}`.
    public static func parse(line: String) throws(CAPIWatchParseError) -> CAPIWatchEvent {
        let value: TemplateValue
        do throws(SelectiveJSONParser.Malformed) {
            value = try SelectiveJSONParser.parse(line, keeping: lineFields)
        } catch {
            throw CAPIWatchParseError(path: "$", problem: .invalidJSON(error.explanation(in: line)))
        }
        return try event(in: CAPIJSONCursor(value: value, path: "$"))
    }

    /// Parses one line as every line was parsed before its reader kept only what it needs: decoded
    /// whole by `JSONDecoder`. The reference `parse(line:)` is tested against.
    static func parseDecodingWholeLine(_ line: String) throws(CAPIWatchParseError) -> CAPIWatchEvent {
        try event(in: CAPIJSONCursor(value: try decodeJSON(line), path: "$"))
    }

    /// The event a line's JSON value is.
    private static func event(in root: CAPIJSONCursor) throws(CAPIWatchParseError) -> CAPIWatchEvent {
        guard case .object = root.value else { throw root.wrongType("object") }
        // kubectl without --output-watch-events prints the objects themselves (a List without
        // --watch): say so, rather than only that `type` is missing.
        if try root.optional("type") == nil, try root.optional("object") == nil,
           let kind = try root.optionalString("kind"), try root.optional("apiVersion") != nil {
            throw CAPIWatchParseError(path: "$", problem: .bareObject(kind: kind))
        }
        let typeCursor = try root.required("type")
        let type = try typeCursor.string()
        let object = try root.required("object")
        switch type {
        case "BOOKMARK":
            return .bookmark(resourceVersion: try object.optional(path: ["metadata"])?.optionalString("resourceVersion"))
        case "ERROR":
            return .error(CAPIWatchStatus(
                reason: try object.optionalString("reason"),
                message: try object.optionalString("message"),
                code: try object.optionalInt("code")))
        case "ADDED": return .added(try parseObject(object))
        case "MODIFIED": return .modified(try parseObject(object))
        case "DELETED": return .deleted(try parseObject(object))
        default:
            throw CAPIWatchParseError(
                path: typeCursor.path,
                problem: .unsupportedValue(type, expected: "one of " + eventTypes.joined(separator: ", ")))
        }
    }

    /// Parses every non-blank line of `stream`, in order; an error carries its 1-based line number.
    public static func parse(stream: String) throws(CAPIWatchParseError) -> [CAPIWatchEvent] {
        var events: [CAPIWatchEvent] = []
        let lines = stream.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            do {
                events.append(try parse(line: text))
            } catch {
                var located = error
                located.line = index + 1
                throw located
            }
        }
        return events
    }

    /// Parses a JSON document (e.g. a ClusterDeployment's `spec.config`) into a ``TemplateValue``.
    public static func decodeJSON(_ text: String) throws(CAPIWatchParseError) -> TemplateValue {
        do {
            return try JSONDecoder().decode(TemplateValue.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw CAPIWatchParseError(path: "$", problem: .invalidJSON(describe(error)))
        } catch {
            throw CAPIWatchParseError(path: "$", problem: .invalidJSON("\(error)"))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context),
             .valueNotFound(_, let context), .keyNotFound(_, let context):
            if let underlying = context.underlyingError as NSError? {
                return underlying.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
            }
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}
