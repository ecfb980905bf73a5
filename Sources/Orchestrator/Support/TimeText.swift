import Foundation

/// Converts between milliseconds since the epoch and RFC 3339 text (UTC, millisecond precision).
enum TimeText {
    /// `2026-11-23T02:10:00.000Z`
    static func rfc3339(_ ms: Int64) -> String {
        var seconds = time_t(ms.floorDiv(1000))
        let millis = Int(ms - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                      Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }

    static let acceptedForms = "RFC 3339 (2026-11-23T02:10:00Z, 2026-11-23T02:10:00.5+01:00) or relative to now (90s, 15m, 2h, 7d, 1w)"

    /// Parses RFC 3339 or a relative time like `2h` (two hours before `nowMs`). Nil if neither.
    static func parse(_ text: String, nowMs: Int64) -> Int64? {
        if let relative = parseRelative(text) { return nowMs - relative }
        return parseRFC3339(text)
    }

    private static func parseRelative(_ text: String) -> Int64? {
        guard let unit = text.last, let amount = Int64(text.dropLast()), amount >= 0 else { return nil }
        let scale: Int64
        switch unit {
        case "s": scale = 1000
        case "m": scale = 60_000
        case "h": scale = 3_600_000
        case "d": scale = 86_400_000
        case "w": scale = 604_800_000
        default: return nil
        }
        return amount * scale
    }

    private static func parseRFC3339(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        return nil
    }

    /// The wall clock, for the shell only (never the domain or the simulator).
    static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    func floorDiv(_ divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
