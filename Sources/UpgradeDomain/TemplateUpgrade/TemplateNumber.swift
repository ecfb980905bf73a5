import Foundation

/// A number of template variables that is not a whole `Int64`, kept by its exact value: never
/// rounded through `Double`, so `123456789012345678901` stays that and `0.1` stays `0.1`.
///
/// Equal numbers are equal however they were written, as pack values' are (`PackScalar`): `1000`,
/// `1e3` and `1000.0`, `0.1` and `0.10`, `0` and `-0.0`. The value is held as canonical text
/// (`YAMLNumber`'s form: `1.5`, `1000`, `15e-40`), which also orders no two different numbers the same.
///
/// Stored events hold a number as a JSON number: through `Decimal` when it holds the value exactly
/// (38 significant digits, exponents −128 to 127), which `JSONDecoder` reads back exactly, else as the
/// `Double` it is (only numbers read back from events an older build wrote land there). A build
/// before this type reads each such number as the `Double` nearest to it.
public struct TemplateNumber: Hashable, Sendable, CustomStringConvertible, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// The exact value, one canonical way: `1.5`, `1000`, `-0.25`, `123456789012345678901`, `15e-40`;
    /// text that is no number (`inf` of a non-finite `Double`) is kept as it came.
    public let canonical: String

    /// A JSON number's text (`-1.50e3`), by its value.
    public init(text: String) {
        canonical = YAMLNumber.canonicalFloat(text) ?? text
    }

    public init(_ value: Int64) { self.init(text: String(value)) }

    public init(_ value: UInt64) { self.init(text: String(value)) }

    /// The value of `value`, written as Swift writes it (the shortest text that reads back as it).
    public init(_ value: Double) { self.init(text: "\(value)") }

    public init(_ value: Decimal) { self.init(text: value.description) }

    public init(floatLiteral value: Double) { self.init(value) }

    public init(integerLiteral value: Int64) { self.init(value) }

    /// The value as an `Int64`, when it is a whole number one holds.
    public var int64: Int64? {
        guard !canonical.contains("."), !canonical.contains("e") else { return nil }
        return Int64(canonical)
    }

    /// The value as a `Decimal`, when one holds it exactly.
    public var decimal: Decimal? {
        guard let value = Decimal(string: canonical), !value.isNaN, TemplateNumber(value) == self else { return nil }
        return value
    }

    /// The value as a `Double`, when it is exactly the value of the shortest text of one (`0.1` is:
    /// it is the text Swift writes for the `Double` nearest to it; `0.1000000000000000001` is not).
    public var double: Double? {
        guard let value = Double(canonical), value.isFinite, TemplateNumber(value) == self else { return nil }
        return value
    }

    public var description: String { canonical }
}

extension TemplateNumber: Codable {
    /// Any JSON number: whole ones an `Int64` holds, then through `Decimal`, then `Double`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int64.self) {
            self.init(value)
        } else if let value = try? container.decode(Decimal.self), !value.isNaN {
            self.init(value)
        } else {
            self.init(try container.decode(Double.self))
        }
    }

    /// The number as a JSON number: an `Int64`, else a `Decimal` (exact when ``decimal`` is not
    /// nil), else a `Double`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = int64 {
            try container.encode(value)
        } else if let value = decimal {
            try container.encode(value)
        } else if let value = double {
            try container.encode(value)
        } else if let value = Decimal(string: canonical), !value.isNaN, value.isFinite {
            // More digits than a Decimal holds: its 38 are nearer than a Double's 17.
            try container.encode(value)
        } else {
            try container.encode(Double(canonical) ?? .nan)
        }
    }
}
