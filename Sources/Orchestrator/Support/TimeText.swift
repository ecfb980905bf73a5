import Foundation
import UpgradeDomain

/// Converts between milliseconds since the epoch and RFC 3339 text (UTC, millisecond precision).
enum TimeText {
    /// `2026-11-23T02:10:00.000Z`
    /// (years outside 0000–9999 with a signed, expanded year: any count of milliseconds has a text)
    static func rfc3339(_ ms: Int64) -> String { RFC3339.text(ms) }

    static let acceptedForms = "RFC 3339 (2026-11-23T02:10:00Z, 2026-11-23T02:10:00.5+01:00) or relative to now (90s, 15m, 2h, 7d, 1w)"

    /// Which of the store's whole milliseconds a time finer than one (`.0005`, a leap second) stands for.
    enum Side {
        /// The last at or before it: `state --at` folds what had been recorded by then.
        case atOrBefore
        /// The first at or after it: `--since` keeps what was recorded from then on, `--until` what was before.
        case atOrAfter
    }

    /// Parses RFC 3339 or a relative time like `2h` (two hours before `nowMs`). Nil if neither,
    /// or if it lies further back than a count of milliseconds reaches.
    static func parse(_ text: String, nowMs: Int64, side: Side) -> Int64? {
        if let relative = parseRelative(text) {
            let (ms, overflow) = nowMs.subtractingReportingOverflow(relative)
            return overflow ? nil : ms
        }
        guard let bounds = RFC3339.millisecondBounds(from: text) else { return nil }
        return side == .atOrBefore ? bounds.atOrBefore : bounds.atOrAfter
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
