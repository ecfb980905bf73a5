/// A JSON-like value tree: the template variables of a deployment (k0rdent's `spec.config`).
///
/// Values compare structurally: object keys are unordered, so `{"a":1,"b":2}` equals
/// `{"b":2,"a":1}`; whitespace and key order in the source text never matter. A whole number an
/// `Int64` holds is `.integer` (`1`, and `1.0` and `1e0` as JSON decoders read them); any other
/// number is `.number`, by its exact value (``TemplateNumber``: `123456789012345678901` and `0.1`
/// as written, never rounded through `Double`). Numbers compare by value whichever case holds
/// them: `.integer(1000)` equals `.number(1e3)`, as pack values' `1000 = 1e3 = 1000.0`.
public enum TemplateValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(TemplateNumber)
    case string(String)
    case array([TemplateValue])
    case object([String: TemplateValue])

    /// A number by its exact value: `.integer` when it is a whole number an `Int64` holds.
    public static func exactly(_ number: TemplateNumber) -> TemplateValue {
        number.int64.map(TemplateValue.integer) ?? .number(number)
    }

    /// The number this is, by its exact value, whichever case holds it; nil for any other value.
    public var numberValue: TemplateNumber? {
        switch self {
        case .integer(let value): TemplateNumber(value)
        case .number(let value): value
        default: nil
        }
    }

    /// Structural equality; numbers by value (`.integer(1000) == .number(1e3)`).
    public static func == (lhs: TemplateValue, rhs: TemplateValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(left), .bool(right)): left == right
        case let (.integer(left), .integer(right)): left == right
        case let (.string(left), .string(right)): left == right
        case let (.array(left), .array(right)): left == right
        case let (.object(left), .object(right)): left == right
        case (.integer, .number), (.number, .integer), (.number, .number): lhs.numberValue == rhs.numberValue
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0 as UInt8)
        case .bool(let value): hasher.combine(1 as UInt8); hasher.combine(value)
        case .integer, .number: hasher.combine(2 as UInt8); hasher.combine(numberValue)
        case .string(let value): hasher.combine(3 as UInt8); hasher.combine(value)
        case .array(let value): hasher.combine(4 as UInt8); hasher.combine(value)
        case .object(let value): hasher.combine(5 as UInt8); hasher.combine(value)
        }
    }

    /// An empty object, the variables of a deployment that sets none.
    public static let emptyObject = TemplateValue.object([:])

    /// The member `key` when this is an object, else `nil`.
    public subscript(key: String) -> TemplateValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The text when this is a string, else `nil`.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The integer when this is an integer, else `nil`.
    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The elements when this is an array, else `nil`.
    public var arrayValue: [TemplateValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The members when this is an object, else `nil`.
    public var objectValue: [String: TemplateValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// A short name of the case, used in error messages ("string", "object", ...).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
