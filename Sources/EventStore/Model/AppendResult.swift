/// Where an acknowledged append landed. Returned only once the events are durable.
public struct AppendResult: Sendable, Hashable {
    public var stream: String
    public var firstPosition: UInt64
    public var lastPosition: UInt64
    public var firstRevision: UInt64
    /// The stream's revision after this append: the next `.exact` expectation.
    public var lastRevision: UInt64
    /// True when every event id was already stored: nothing was written, these are the originals.
    public var alreadyStored: Bool

    public init(stream: String, firstPosition: UInt64, lastPosition: UInt64, firstRevision: UInt64, lastRevision: UInt64, alreadyStored: Bool) {
        self.stream = stream
        self.firstPosition = firstPosition
        self.lastPosition = lastPosition
        self.firstRevision = firstRevision
        self.lastRevision = lastRevision
        self.alreadyStored = alreadyStored
    }
}
