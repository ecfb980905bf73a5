/// What the caller believes about a stream before appending to it (optimistic concurrency).
public enum ExpectedRevision: Sendable, Hashable, CustomStringConvertible {
    /// Append whatever the stream holds.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream must exist, whatever its revision.
    case streamExists
    /// The stream's last revision must be exactly this.
    case exact(UInt64)

    public var description: String {
        switch self {
        case .any: "any"
        case .noStream: "no stream"
        case .streamExists: "stream exists"
        case .exact(let revision): "revision \(revision)"
        }
    }

    /// Whether a stream whose last revision is `actual` (nil: no stream) satisfies this expectation.
    public func accepts(_ actual: UInt64?) -> Bool {
        switch self {
        case .any: true
        case .noStream: actual == nil
        case .streamExists: actual != nil
        case .exact(let revision): actual == revision
        }
    }
}
