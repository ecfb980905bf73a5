/// Durations as people write them in scenarios: `500ms`, `90s`, `15m`, `2h`, `1d`, or `+2h` for offsets.
enum DurationText {
    /// Milliseconds, or nil when the text is not a duration.
    static func milliseconds(_ text: String) -> Int64? {
        var body = Substring(text)
        if body.hasPrefix("+") { body = body.dropFirst() }
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, scale) in units where body.hasSuffix(suffix) {
            let number = body.dropLast(suffix.count)
            if let whole = Int64(number), whole >= 0 { return whole * scale }
            if let fraction = Double(number), fraction >= 0, fraction.isFinite { return Int64((fraction * Double(scale)).rounded()) }
            return nil
        }
        return nil
    }
}

extension JSONNode {
    /// A duration string such as `90s`; `allowZero` false rejects `0s`.
    func duration(allowZero: Bool = true) throws(ScenarioError) -> Int64 {
        let text = try string()
        guard let ms = DurationText.milliseconds(text), allowZero || ms > 0 else {
            throw fail("expected a duration like 500ms, 90s, 15m, 2h or 1d\(allowZero ? "" : " greater than zero"), got '\(text)'")
        }
        return ms
    }
}
