/// One scalar value from pack YAML, with the type YAML resolved for it.
///
/// Equality is by type and canonical text, so `ttl.sh` and `"ttl.sh"` are equal, `~` and `null`
/// are equal, while `true` and `"true"` differ (a bool against a string), as do `110` and `"110"`.
/// Numbers are equal by their exact value, whether YAML made them ints or floats: `110` and `0x6E`,
/// `1000`, `1e3` and `1000.0`, `0` and `-0.0` (Helm and Kairos read both types into one Go number).
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

    /// The value of a number that was read, in one form for ints and floats; nil for any other
    /// scalar, and for a number compared as written.
    private let number: String?

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
        number = switch kind {
        case .int: YAMLNumber.canonicalIntAsFloat(text)
        case .float: YAMLNumber.canonicalFloat(text)
        case .null, .bool, .string: nil
        }
    }

    /// Equal numbers are equal whatever their type; anything else by type and canonical text.
    public static func == (lhs: PackScalar, rhs: PackScalar) -> Bool {
        switch (lhs.number, rhs.number) {
        case let (left?, right?): left == right
        case (nil, nil): lhs.kind == rhs.kind && lhs.text == rhs.text
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        if let number {
            hasher.combine(0 as UInt8)
            hasher.combine(number)
        } else {
            hasher.combine(1 as UInt8)
            hasher.combine(kind)
            hasher.combine(text)
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
