/// A point in time, as milliseconds since the Unix epoch.
///
/// The domain never reads a clock: every command that needs "now" carries a `Timestamp`,
/// so the same code runs under a simulator's virtual clock and a service's real one.
public struct Timestamp: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSinceEpoch: Int64

    /// Creates a timestamp from milliseconds since the Unix epoch.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The timestamp `milliseconds` later than this one; the end of time (or its start) when
    /// that is past what the count can hold, so a far deadline is never a trap.
    public func advanced(byMilliseconds milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch.saturatingAdding(milliseconds))
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    public var description: String { "t=\(millisecondsSinceEpoch)ms" }
}

extension Timestamp {
    /// Stored and served as the bare number of milliseconds since the epoch.
    public init(from decoder: any Decoder) throws {
        millisecondsSinceEpoch = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(millisecondsSinceEpoch)
    }
}
