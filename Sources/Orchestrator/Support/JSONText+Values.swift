/// Optional strings, numbers and arrays for hand-written JSON with fixed key order.
extension JSONText {
    /// A quoted string, or `null`.
    static func quote(_ value: String?) -> String { value.map { quote($0) } ?? "null" }

    /// A number, or `null`.
    static func number<N: BinaryInteger>(_ value: N?) -> String { value.map { String($0) } ?? "null" }

    /// An array of raw JSON values.
    static func array(_ values: [String]) -> String { "[" + values.joined(separator: ",") + "]" }

    /// An RFC 3339 time, or `null`.
    static func time(_ ms: Int64?) -> String { quote(ms.map(TimeText.rfc3339)) }
}
