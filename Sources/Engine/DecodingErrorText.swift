import Foundation

/// A `DecodingError` in plain words, one line: where in the JSON and what is wrong, never the
/// Swift types or the error's debug dump.
public enum DecodingErrorText {
    public static func describe(_ error: Error) -> String {
        guard let decoding = error as? DecodingError else { return "not valid JSON" }
        switch decoding {
        case let .typeMismatch(type, context):
            guard let noun = noun(type) else {
                // An enum or struct of the domain: the decoder's own words say what shape it wanted.
                return "\(path(context.codingPath)): not the expected shape (\(context.debugDescription.replacingOccurrences(of: "\n", with: " ")))"
            }
            return "\(path(context.codingPath)): expected \(noun)"
        case let .valueNotFound(type, context):
            return "\(path(context.codingPath)): expected \(noun(type) ?? "a value"), found null"
        case let .keyNotFound(key, context):
            return "\(path(context.codingPath + [key])): missing"
        case let .dataCorrupted(context):
            if context.underlyingError != nil && context.codingPath.isEmpty { return "not valid JSON" }
            return "\(path(context.codingPath)): \(context.debugDescription.replacingOccurrences(of: "\n", with: " "))"
        @unknown default:
            return "does not decode"
        }
    }

    /// `$.nodeStepSucceeded._0.at`, `$.nodes[2]`: the JSON path of a coding path.
    static func path(_ codingPath: [CodingKey]) -> String {
        codingPath.reduce("$") { text, key in
            key.intValue.map { "\(text)[\($0)]" } ?? "\(text).\(key.stringValue)"
        }
    }

    /// The JSON kind a primitive Swift type is read from; nil for the domain's own types.
    private static func noun(_ type: Any.Type) -> String? {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is any BinaryInteger.Type, is any BinaryFloatingPoint.Type, is Decimal.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Dictionary") { return "an object" }
            if name.hasPrefix("Array") { return "an array" }
            return nil
        }
    }
}
