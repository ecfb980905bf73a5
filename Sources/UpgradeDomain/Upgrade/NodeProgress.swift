/// Where one node stands in the current upgrade.
public struct NodeProgress: Sendable, Hashable, Codable {
    /// The node's phase.
    public enum Phase: Sendable, Hashable, Codable {
        /// Not started yet.
        case waiting
        /// Started; the step at `nextStep` (try number `attempt`) waits for its turn (pause, deferral, retry).
        case betweenSteps(nextStep: Int, attempt: Int)
        /// A step is requested and not yet answered.
        case running(NodeActionRequest)
        private enum RunningCodingKeys: String, CodingKey { case _0 = "request" }
        /// Every step succeeded.
        case finished
        /// A step failed beyond its retries.
        case failed(step: NodeStep)
    }

    /// The phase.
    public var phase: Phase
    /// Whether a cordon succeeded and no uncordon or removal has followed.
    public var cordoned: Bool

    /// Creates progress.
    public init(phase: Phase = .waiting, cordoned: Bool = false) {
        self.phase = phase
        self.cordoned = cordoned
    }

    /// Started and not finished: the node counts against its pool's budget.
    public var isActive: Bool {
        switch phase {
        case .betweenSteps, .running: true
        case .waiting, .finished, .failed: false
        }
    }

    /// Every step succeeded.
    public var isFinished: Bool {
        if case .finished = phase { true } else { false }
    }

    /// Where a pass over the plan finds the node: the phase without a running step's request,
    /// so reading it copies no strings.
    enum Standing: Equatable {
        case waiting
        case betweenSteps(nextStep: Int, attempt: Int)
        /// Running a step, or failed.
        case busy
        case finished
    }

    var standing: Standing {
        switch phase {
        case .waiting: .waiting
        case .betweenSteps(let next, let attempt): .betweenSteps(nextStep: next, attempt: attempt)
        case .running, .failed: .busy
        case .finished: .finished
        }
    }
}
