/// Why one watch line could not be parsed, naming the JSON path of the offending value.
///
/// Its description reads like `object.metadata.uid: missing` or
/// `line 3: object.status.conditions[1].status: expected one of True, False, Unknown, got "Yes"`.
public struct CAPIWatchParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong at `path`.
    public enum Problem: Hashable, Sendable {
        /// The text is not JSON at all; carries the decoder's explanation.
        case invalidJSON(String)
        /// A required member is absent (or null).
        case missing
        /// The value has the wrong JSON type.
        case wrongType(expected: String, actual: String)
        /// The value is of the right type but not one the engine understands.
        case unsupportedValue(String, expected: String)
        /// An integer outside the range the field can hold, e.g. a replica count beyond `int32`.
        case outOfRange(Int64, expected: ClosedRange<Int64>)
        /// A Kubernetes object (or List) where a watch event was expected: kubectl printed it
        /// without `--output-watch-events`. Carries its `kind`.
        case bareObject(kind: String)
    }

    /// 1-based line number within a stream, when parsing a stream.
    public var line: Int?
    /// Dotted JSON path, e.g. `object.metadata.uid`; `$` for the whole line.
    public var path: String
    /// What is wrong there.
    public var problem: Problem

    /// Creates an error.
    public init(line: Int? = nil, path: String, problem: Problem) {
        self.line = line
        self.path = path
        self.problem = problem
    }

    public var description: String {
        let prefix = line.map { "line \($0): " } ?? ""
        switch problem {
        case .invalidJSON(let detail): return "\(prefix)\(path): invalid JSON (\(detail))"
        case .missing: return "\(prefix)\(path): missing"
        case .wrongType(let expected, let actual):
            return "\(prefix)\(path): expected \(expected), got \(actual)"
        case .unsupportedValue(let value, let expected):
            return "\(prefix)\(path): expected \(expected), got \"\(value)\""
        case .outOfRange(let value, let expected):
            return "\(prefix)\(path): expected an integer from \(expected.lowerBound) to \(expected.upperBound), got \(value)"
        case .bareObject(let kind):
            return "\(prefix)\(path): a \(kind) object, not a watch event {\"type\": …, \"object\": {…}}; "
                + "print the watch with `kubectl get … -o json --watch --output-watch-events`"
        }
    }
}
