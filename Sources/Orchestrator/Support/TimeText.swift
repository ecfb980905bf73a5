import Foundation
import UpgradeDomain

/// Converts between milliseconds since the epoch and RFC 3339 text (UTC, millisecond precision).
enum TimeText {
    /// `2026-11-23T02:10:00.000Z`
    /// (years outside 0000–9999 with a signed, expanded year: any count of milliseconds has a text)
    static func rfc3339(_ ms: Int64) -> String { RFC3339.text(ms) }

    static let acceptedForms = "RFC 3339 (2026-11-23T02:10:00Z, 2026-11-23T02:10:00.5+01:00) or relative to now (90s, 15m, 2h, 7d, 1w)"

    /// Parses RFC 3339 or a relative time like `2h` (two hours before `nowMs`). Nil if neither,
    /// or if it lies further back than a count of milliseconds reaches.
    static func parse(_ text: String, nowMs: Int64) -> Int64? {
        if let relative = parseRelative(text) {
            let (ms, overflow) = nowMs.subtractingReportingOverflow(relative)
            return overflow ? nil : ms
        }
        return RFC3339.milliseconds(from: text)
    }

    private static func parseRelative(_ text: String) -> Int64? {
        guard let unit = text.last, let first = text.utf8.first, (0x30...0x39).contains(first),
              let amount = Int64(text.dropLast()) else { return nil }
        let scale: Int64
        switch unit {
        case "s": scale = 1000
        case "m": scale = 60_000
        case "h": scale = 3_600_000
        case "d": scale = 86_400_000
        case "w": scale = 604_800_000
        default: return nil
        }
        let (ms, overflow) = amount.multipliedReportingOverflow(by: scale)
        return overflow ? nil : ms
    }

    /// The wall clock, for the shell only (never the domain or the simulator).
    static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
