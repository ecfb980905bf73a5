/// Events for one stream, appended atomically if the stream is as the caller expects.
public struct AppendRequest: Sendable, Hashable {
    public var stream: String
    public var expected: ExpectedRevision
    public var events: [EventData]

    public init(stream: String, expected: ExpectedRevision, events: [EventData]) {
        self.stream = stream
        self.expected = expected
        self.events = events
    }
}
