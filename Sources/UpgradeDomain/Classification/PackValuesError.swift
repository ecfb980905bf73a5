/// Why pack values could not be read. Every case names the problem and, when known, its line.
public enum PackValuesError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is not YAML; `problem` is the parser's own words.
    case invalidYAML(problem: String, line: Int?)
    /// The document is a scalar or a list; pack values are a map.
    case rootNotMap(line: Int?)
    /// A map key is itself a map or a list.
    case unsupportedKey(line: Int?)
    /// One path is given two values: a dotted key and its nested form both write it, as in
    /// `{a.b: 1, a: {b: 2}}`. `line` is the key that wrote it second.
    case conflictingPath(ValuePath, line: Int?)
    /// The document expands to more values than pack values ever hold (aliases nested in aliases).
    case tooManyValues(limit: Int, line: Int?)

    /// One line, for a terminal.
    public var description: String {
        switch self {
        case let .invalidYAML(problem, line):
            return Self.at(line) + problem
        case let .rootNotMap(line):
            return Self.at(line) + "pack values must be a map of keys, not a scalar or a list"
        case let .unsupportedKey(line):
            return Self.at(line) + "map keys must be scalars"
        case let .conflictingPath(path, line):
            return Self.at(line) + "'\(path)' is given two values (a dotted key and its nested form are the same path)"
        case let .tooManyValues(limit, line):
            return Self.at(line) + "the values expand to more than \(limit) entries (an alias repeats all that its anchor names); pack values are far smaller"
        }
    }

    private static func at(_ line: Int?) -> String {
        line.map { "line \($0): " } ?? ""
    }
}
