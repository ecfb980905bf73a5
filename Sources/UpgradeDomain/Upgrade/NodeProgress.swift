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
    /// Whether a cordon was requested and no agent has answered it: in flight, or timed out. The
    /// agent may have cordoned the node all the same, so an upgrade that ends now leaves it among
    /// the nodes to uncordon.
    public var cordonUnanswered: Bool
    /// Whether the node's removal was confirmed and its replacement was not: the node is out of the
    /// cluster. A surged replacement comes before the removal, so a node repaved that way never is.
    public var removed: Bool
    /// Whether a replacement was provisioned beside the node (a surge) and the node itself is not
    /// confirmed removed: the pool runs one machine more than desired, on a spare host, until the
    /// node's removal succeeds. An upgrade that ends now leaves the replacement for the next one.
    public var replacementUp: Bool
    /// Whether a removal was requested and no agent has answered it: in flight, or timed out. The
    /// node may be out of the cluster or still in it (cordoned and drained), so an upgrade that
    /// ends now leaves it as a node whose removal is unknown, not as an available one.
    public var removalUnanswered: Bool
    /// Whether a replacement was requested and no agent has answered it: in flight, or timed out.
    /// A machine may come up for the node all the same (beside it when surged, in its slot when
    /// the node was removed first), so an upgrade that ends now leaves it as a replacement unknown,
    /// and a surged one holds a surge slot of its pool until it is answered.
    public var replacementUnanswered: Bool

    /// Creates progress.
    public init(
        phase: Phase = .waiting, cordoned: Bool = false, cordonUnanswered: Bool = false, removed: Bool = false,
        replacementUp: Bool = false, removalUnanswered: Bool = false, replacementUnanswered: Bool = false
    ) {
        self.phase = phase
        self.cordoned = cordoned
        self.cordonUnanswered = cordonUnanswered
        self.removed = removed
        self.replacementUp = replacementUp
        self.removalUnanswered = removalUnanswered
        self.replacementUnanswered = replacementUnanswered
    }

    /// Whether the node holds a surge slot of its pool whatever its phase: a replacement up beside
    /// it, or one asked for beside it and not answered (it may be up). A replacement asked for in
    /// the slot of a node removed first takes no spare host beyond the node's own.
    public var holdsSurgeSlot: Bool { replacementUp || (replacementUnanswered && !removed) }

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
