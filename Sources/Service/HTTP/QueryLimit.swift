/// A `limit` query parameter: absent, or a whole number from 1 to `maximum`. Anything else is a
/// 400 naming the parameter and its text.
enum QueryLimit {
    static func parse(_ text: String?, maximum: Int = .max) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), value > 0, value <= maximum else {
            throw APIError.badRequest(maximum == .max ? "limit \(text) is not a positive number" : "limit \(text) is not 1…\(maximum)")
        }
        return value
    }
}
