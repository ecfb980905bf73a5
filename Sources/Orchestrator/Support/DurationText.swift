/// Durations for people: `850ms`, `12.5s`, `2m05s`, `1h02m03s`, `3d04h`.
enum DurationText {
    static func format(_ ms: Int64) -> String {
        if ms < 0 { return "-" + format(-ms) }
        if ms < 1000 { return "\(ms)ms" }
        if ms < 60_000 {
            let tenths = ms / 100
            return tenths % 10 == 0 ? "\(tenths / 10)s" : "\(tenths / 10).\(tenths % 10)s"
        }
        let seconds = ms / 1000
        let (days, hours, minutes, secs) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60)
        if days > 0 { return "\(days)d" + two(hours) + "h" }
        if hours > 0 { return "\(hours)h" + two(minutes) + "m" + two(secs) + "s" }
        return "\(minutes)m" + two(secs) + "s"
    }

    /// A duration, or `-`.
    static func format(_ ms: Int64?) -> String { ms.map { format($0) } ?? "-" }

    private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : String(value) }
}
