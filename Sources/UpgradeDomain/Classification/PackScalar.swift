/// One scalar value from pack YAML, with the type YAML resolved for it.
///
/// Equality is by type and canonical text, so `ttl.sh` and `"ttl.sh"` are equal, `~` and `null`
/// are equal, `110` and `0x6E` are equal (numbers by their value), while `true` and `"true"` differ
/// (a bool against a string), as do `110` and `"110"`, and `1` and `1.0` (an int against a float).
public struct PackScalar: Hashable, Sendable, CustomStringConvertible {
    /// The YAML type of a scalar.
    public enum Kind: String, Hashable, Sendable {
        case string, int, float, bool, null
    }

    /// The resolved type.
    public let kind: Kind
    /// The canonical text: strings as written, `true`/`false` for bools, empty for null, and numbers
    /// by their exact value (`0x6E` → `110`, `1.50` → `1.5`, `.Inf` → `.inf`; see `YAMLNumber`).
    public let text: String

    /// A scalar from its type and text; bools, nulls and numbers are normalised. A number YAML would
    /// not resolve as written (only possible with an explicit tag) keeps its text.
    public init(kind: Kind, text: String) {
        self.kind = kind
        switch kind {
        case .null: self.text = ""
        case .bool: self.text = ["true", "yes", "on", "y"].contains(text.lowercased()) ? "true" : "false"
        case .int: self.text = YAMLNumber.canonicalInt(text) ?? text
        case .float: self.text = YAMLNumber.canonicalFloat(text) ?? text
        case .string: self.text = text
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
