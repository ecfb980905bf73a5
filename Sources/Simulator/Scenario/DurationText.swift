/// Durations as people write them in scenarios: `500ms`, `90s`, `15m`, `2h`, `1d`, or `+2h` for offsets:
/// digits, an optional fraction, a unit (the schema's pattern). None is longer than `maxMilliseconds`.
enum DurationText {
    /// The longest duration or offset a scenario may give: 100 years of 365 days (`36500d`). It keeps
    /// every time the simulation adds up far inside `Int64` milliseconds.
    static let maxMilliseconds: Int64 = 36_500 * 86_400_000
    /// `maxMilliseconds` as a scenario would write it.
    static let maxText = "36500d"

    /// What a text reads as.
    enum Reading: Equatable {
        case milliseconds(Int64)
        /// Well formed, but longer than `maxMilliseconds`.
        case tooLong
        case notADuration
    }

    /// Milliseconds, or nil when the text is not a duration or is longer than `maxMilliseconds`.
    static func milliseconds(_ text: String) -> Int64? {
        guard case .milliseconds(let ms) = read(text) else { return nil }
        return ms
    }

    static func read(_ text: String) -> Reading {
        var body = Substring(text)
        if body.hasPrefix("+") { body = body.dropFirst() }
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, scale) in units where body.hasSuffix(suffix) {
            return read(number: body.dropLast(suffix.count), scale: scale)
        }
        return .notADuration
    }

    /// `12` or `1.5` in units of `scale` milliseconds; the whole part is exact, the fraction rounded.
    private static func read(number: Substring, scale: Int64) -> Reading {
        let parts = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in !part.isEmpty && part.utf8.allSatisfy { (0x30...0x39).contains($0) } }
        guard parts.allSatisfy(isDigits) else { return .notADuration }
        let digits = parts[0].drop { $0 == "0" }
        // 18 digits always fit an Int64; more are far beyond the maximum in any unit.
        guard digits.count <= 18 else { return .tooLong }
        let (whole, overflow) = (Int64(digits) ?? 0).multipliedReportingOverflow(by: scale)
        guard !overflow, whole <= maxMilliseconds else { return .tooLong }
        // The fraction is below one unit, so the sum stays far inside Int64 before the check.
        let fraction = parts.count == 2 ? Int64(((Double("0." + parts[1]) ?? 0) * Double(scale)).rounded()) : 0
        return whole + fraction <= maxMilliseconds ? .milliseconds(whole + fraction) : .tooLong
    }
}

extension JSONNode {
    /// A duration string such as `90s`; `allowZero` false rejects `0s`.
    func duration(allowZero: Bool = true) throws(ScenarioError) -> Int64 {
        let text = try string()
        switch DurationText.read(text) {
        case .milliseconds(let ms) where allowZero || ms > 0:
            return ms
        case .tooLong:
            throw fail("'\(text)' is longer than the \(DurationText.maxText) (100 years) a duration may be")
        case .milliseconds, .notADuration:
            throw fail("expected a duration like 500ms, 90s, 15m, 2h or 1d\(allowZero ? "" : " greater than zero"), got '\(text)'")
        }
    }
}
