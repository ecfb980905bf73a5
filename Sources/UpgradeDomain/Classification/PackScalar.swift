/// One scalar value from pack YAML, with the type YAML resolved for it.
///
/// Equality is by type and canonical text, so `ttl.sh` and `"ttl.sh"` are equal, `~` and `null`
/// are equal, while `true` and `"true"` differ (a bool against a string).
public struct PackScalar: Hashable, Sendable, CustomStringConvertible {
    /// The YAML type of a scalar.
    public enum Kind: String, Hashable, Sendable {
        case string, int, float, bool, null
    }

    /// The resolved type.
    public let kind: Kind
    /// The canonical text: the scalar as written, `true`/`false` for bools, empty for null.
    public let text: String

    /// A scalar from its type and text; bools and nulls are normalised.
    public init(kind: Kind, text: String) {
        self.kind = kind
        switch kind {
        case .null: self.text = ""
        case .bool: self.text = ["true", "yes", "on", "y"].contains(text.lowercased()) ? "true" : "false"
        case .string, .int, .float: self.text = text
        }
    }

    /// A string scalar.
    public static func string(_ text: String) -> PackScalar {
        PackScalar(kind: .string, text: text)
    }

    /// The text, or `null`.
    public var description: String {
        kind == .null ? "null" : text
    }
}
