import Foundation

extension TemplateValue: Codable {
    /// Decodes any JSON value; booleans are tried before numbers, and a number is an `Int64` when
    /// one holds it, else read through `Decimal` (exact to 38 significant digits, as every number
    /// this build stores is), else a `Double` (a number beyond a `Decimal` that an older build stored).
    ///
    /// `JSONDecoder` gives a `Decimal` of a number with more digits rounded, without a word: text
    /// from outside (a request) is read with `JSONValueParser`, which keeps every digit.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(String.self) {
            // Before `Decimal`, which a decoder may read from a string too.
            self = .string(value)
        } else if let value = try? container.decode(Decimal.self), !value.isNaN {
            self = .exactly(TemplateNumber(value))
        } else if let value = try? container.decode(Double.self) {
            self = .exactly(TemplateNumber(value))
        } else if let value = try? container.decode([TemplateValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: TemplateValue].self))
        }
    }

    /// Encodes the value as the matching JSON value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)  // exactly, see `TemplateNumber`
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
