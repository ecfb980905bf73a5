/// A JSON-like value tree: the template variables of a deployment (k0rdent's `spec.config`).
///
/// Values compare structurally: object keys are unordered, so `{"a":1,"b":2}` equals
/// `{"b":2,"a":1}`; whitespace and key order in the source text never matter. Integers and
/// fractional numbers are distinct cases (`1` is `.integer(1)`, `1.5` is `.number(1.5)`).
public enum TemplateValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([TemplateValue])
    case object([String: TemplateValue])

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
