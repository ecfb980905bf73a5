/// A point in time as milliseconds since the Unix epoch (UTC).
///
/// The domain never reads a clock: every instant arrives as an input (an observation's
/// timestamp, a `tick(now:)` command), so tests and the simulator are exact.
public struct TemplateInstant: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSinceEpoch: Int64

    /// Creates an instant from milliseconds since the Unix epoch.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// This instant moved forward (or backward, when negative) by `milliseconds`, held at the
    /// ends of what the count can hold.
    public func adding(milliseconds: Int64) -> TemplateInstant {
        TemplateInstant(millisecondsSinceEpoch: millisecondsSinceEpoch.saturatingAdding(milliseconds))
    }

    /// Milliseconds from `earlier` to `self` (negative when `earlier` is later), held at the
    /// ends of what the count can hold.
    public func milliseconds(since earlier: TemplateInstant) -> Int64 {
        let (difference, overflow) = millisecondsSinceEpoch.subtractingReportingOverflow(earlier.millisecondsSinceEpoch)
        return overflow ? (earlier.millisecondsSinceEpoch > 0 ? .min : .max) : difference
    }

    public static func < (lhs: TemplateInstant, rhs: TemplateInstant) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// RFC 3339 / ISO 8601 text in UTC with milliseconds, e.g. `2026-11-23T11:30:00.000Z`.
    public var description: String { RFC3339.text(millisecondsSinceEpoch) }
}

extension TemplateInstant {
    /// Stored and served as the bare number of milliseconds since the epoch.
    public init(from decoder: any Decoder) throws {
        millisecondsSinceEpoch = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(millisecondsSinceEpoch)
    }
}
