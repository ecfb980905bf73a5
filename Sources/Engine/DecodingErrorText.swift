import Foundation

/// `DecodingError`s as one plain-English line naming the JSON path (`packs[0].values`), without
/// Swift's type names. Shared by request bodies, the config file and stored events' payloads.
public enum DecodingErrorText {
    /// `tokens[0].name`; `the body` (or `root`) for the top level.
    public static func path(_ keys: [any CodingKey], root: String = "the body") -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text.isEmpty ? root : text
    }

    /// One line for any error of a decoder: a `DecodingError` as below, anything else as JSON that
    /// does not parse.
    public static func describe(_ error: any Error, root: String) -> String {
        guard let decoding = error as? DecodingError else { return "\(root) is not valid JSON" }
        return describe(decoding, root: root)
    }

    /// One line for `error`, its path first.
    public static func describe(_ error: DecodingError, root: String = "the body") -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key], root: root)) is missing"
        case .typeMismatch(let type, let context):
            // A type of the domain (an event, an enum): its shape is not a JSON kind to name.
            guard let kind = kind(of: type) else { return "\(path(context.codingPath, root: root)) is not the expected shape" }
            return "\(path(context.codingPath, root: root)) should be \(kind)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath, root: root)) should be \(kind(of: type) ?? "a value"), not null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "\(root) is not valid JSON" }
            // The document parsed, so at a path this is a number the field cannot hold: Foundation
            // says "… does not fit in Int." or, for a fraction, "The given data was not valid JSON.".
            let words = context.debugDescription.lowercased()
            if words.contains("number") || words.contains("valid json") {
                return "\(path(context.codingPath, root: root)) should be a whole number"
            }
            return "\(path(context.codingPath, root: root)) is not valid"
        @unknown default:
            return "\(root) is not valid"
        }
    }

    /// Like `describe(_:root:)`, for an error decoding `data`. Foundation reports a number an
    /// integer field cannot hold (`1.5`, `1e30`) as "not valid JSON" with no path; when `data` is
    /// valid JSON, the first such number is found and named.
    public static func describe(_ error: DecodingError, in data: Data, root: String = "the body") -> String {
        guard case .dataCorrupted(let context) = error, context.codingPath.isEmpty else { return describe(error, root: root) }
        guard let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return "\(root) is not valid JSON\(whereSyntaxFails(in: data))"
        }
        guard let path = firstNonInteger(in: value, at: "") else { return "\(root) is not valid" }
        return "\(path.isEmpty ? root : path) should be a whole number"
    }

    /// Where JSON text stops being JSON: ` at line 1, column 15` (columns count bytes from 1),
    /// or ` at its end` when it stops short; empty if the parser finds no fault.
    static func whereSyntaxFails(in data: Data) -> String {
        do {
            _ = try JSONValueParser.parse(data)
            return ""
        } catch {
            let bytes = [UInt8](data)
            guard error.offset < bytes.count else { return " at its end (it stops short)" }
            let before = bytes[..<error.offset]
            let line = before.count { $0 == 0x0A } + 1
            let column = error.offset - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
            return " at line \(line), column \(column)"
        }
    }

    /// The path of the first number, in key order, that is not a whole number an `Int64` holds.
    private static func firstNonInteger(in value: Any, at path: String) -> String? {
        switch value {
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let found = firstNonInteger(in: object[key]!, at: path.isEmpty ? key : path + "." + key) { return found }
            }
            return nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = firstNonInteger(in: element, at: path + "[\(index)]") { return found }
            }
            return nil
        case is String, is Bool, is NSNull:
            return nil
        case let number as NSNumber:
            let double = number.doubleValue
            let whole = double.rounded() == double && abs(double) < 9.2e18
            return whole ? nil : path
        default:
            return nil
        }
    }

    /// What a JSON value of `type` looks like, in words; nil for the domain's own types.
    static func kind(of type: Any.Type) -> String? {
        switch type {
        case is String.Type, is Substring.Type, is Character.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt64.Type, is UInt32.Type, is UInt.Type: "a whole number"
        case is Double.Type, is Float.Type: "a number"
        case is [Any].Type: "an array"
        case is [String: Any].Type: "an object"
        default: nil
        }
    }
}
