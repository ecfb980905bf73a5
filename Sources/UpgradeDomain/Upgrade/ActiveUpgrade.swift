/// The upgrade under way on a cluster.
public struct ActiveUpgrade: Sendable, Hashable, Codable {
    /// What was accepted.
    public var accepted: AcceptedUpgrade
    /// The repave approval, if one is needed.
    public var approval: RepaveApproval
    /// Set while paused.
    public var paused: OperatorAction?
    /// Set while deferred (Kubernetes service down).
    public var deferredSince: Timestamp?
    /// Per-node progress, in plan order and by node.
    public var progress: NodeProgressTable

    /// Starts tracking `accepted`, every node waiting.
    public init(accepted: AcceptedUpgrade) {
        self.accepted = accepted
        self.approval = .notRequired
        self.paused = nil
        self.deferredSince = nil
        let cordoned = Set(accepted.previouslyCordoned)
        let removed = Set(accepted.previouslyRemoved)
        let replaced = Set(accepted.previouslyReplaced)
        let removalUnknown = Set(accepted.previouslyRemovalUnknown)
        let replacementUnknown = Set(accepted.previouslyReplacementUnknown)
        self.progress = NodeProgressTable(nodes: accepted.plan.nodes.map(\.node)) {
            NodeProgress(cordoned: cordoned.contains($0), removed: removed.contains($0),
                         replacementUp: replaced.contains($0), removalUnanswered: removalUnknown.contains($0),
                         replacementUnanswered: replacementUnknown.contains($0))
        }
    }

    /// The upgrade's number.
    public var number: Int { accepted.upgrade }
    /// The plan.
    public var plan: UpgradePlan { accepted.plan }

    /// Node plans with their progress, in plan order (control plane first).
    public var orderedProgress: [(plan: NodePlan, progress: NodeProgress)] {
        zip(plan.nodes, progress.inPlanOrder).map { ($0, $1) }
    }

    /// Whether the upgrade has begun work on the nodes: a node has left `waiting` (a step was
    /// requested of it, or it finished). An upgrade held, awaiting approval or deferred before its
    /// first step has not; once begun it stays begun, whatever it waits for later.
    public var hasBegun: Bool { progress.inPlanOrder.contains { $0.phase != .waiting } }

    /// Nodes confirmed cordoned and not yet uncordoned or removed, sorted.
    public var cordonedNodes: [NodeID] { nodes { $0.cordoned } }

    /// The nodes an upgrade ending now leaves cordoned, sorted: those in `cordonedNodes`, and those
    /// whose cordon no agent has answered (in flight or timed out), which may be cordoned as well.
    /// Failures and cancellations record these, and the next upgrade uncordons them.
    public var nodesLeftCordonedIfEnded: [NodeID] { nodes { $0.cordoned || $0.cordonUnanswered } }

    /// Nodes removed from the cluster and not yet replaced, sorted: failures and cancellations
    /// record them, and the next upgrade replaces them first.
    public var removedNodes: [NodeID] { nodes { $0.removed } }

    /// Nodes with a surged replacement up beside them and no confirmed removal, sorted: each is a
    /// machine more than desired, on a spare host. Failures and cancellations record them, and the
    /// next upgrade finishes the swap (removes the node) before anything else in their pool.
    public var nodesWithReplacementUp: [NodeID] { nodes { $0.replacementUp } }

    /// Nodes whose removal was requested and not answered (in flight or timed out), sorted: out of
    /// the cluster or not, nobody knows. Failures and cancellations record them, and the next
    /// upgrade asks for the removal again before it counts on the node's slot.
    public var nodesRemovalUnanswered: [NodeID] { nodes { $0.removalUnanswered } }

    /// Nodes whose replacement was requested and not answered (in flight or timed out), sorted: a
    /// machine may come up for each after the end, beside the node (surged) or in the slot of a node
    /// removed first (then in `removedNodes` too). Failures and cancellations record them, and the
    /// next upgrade asks for the replacement again before anything else on the node.
    public var nodesReplacementUnanswered: [NodeID] { nodes { $0.replacementUnanswered } }

    /// The nodes whose progress matches, sorted.
    private func nodes(where matches: (NodeProgress) -> Bool) -> [NodeID] {
        zip(progress.nodes, progress.inPlanOrder).filter { matches($0.1) }.map(\.0).sorted()
    }

    /// Steps requested and not yet answered, in plan order.
    public var requestedNodeActions: [NodeActionRequest] {
        var requests: [NodeActionRequest] = []
        for nodeProgress in progress.inPlanOrder {
            if case .running(let request) = nodeProgress.phase { requests.append(request) }
        }
        return requests
    }

    /// Whether a requested step's deadline is at or before `at`.
    public func hasStepDue(by at: Timestamp) -> Bool {
        earliestDeadline.map { $0 <= at } ?? false
    }

    /// The earliest deadline of the steps requested and not yet answered (read in place, without
    /// listing the requests).
    public var earliestDeadline: Timestamp? {
        var earliest: Timestamp?
        for nodeProgress in progress.inPlanOrder {
            if case .running(let request) = nodeProgress.phase, earliest.map({ request.deadline < $0 }) ?? true {
                earliest = request.deadline
            }
        }
        return earliest
    }

    private enum CodingKeys: String, CodingKey {
        case accepted, approval, paused, deferredSince, progress
    }

    /// Encodes progress in node order so the same state always gives the same bytes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accepted, forKey: .accepted)
        try container.encode(approval, forKey: .approval)
        try container.encodeIfPresent(paused, forKey: .paused)
        try container.encodeIfPresent(deferredSince, forKey: .deferredSince)
        var nodes = container.nestedUnkeyedContainer(forKey: .progress)
        for (node, nodeProgress) in progress.sortedByNode {
            try nodes.encode(node)
            try nodes.encode(nodeProgress)
        }
    }

    /// Reads what `encode` wrote: progress as node, progress, node, progress, … (sorted by node),
    /// placed back in plan order.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accepted = try container.decode(AcceptedUpgrade.self, forKey: .accepted)
        approval = try container.decode(RepaveApproval.self, forKey: .approval)
        paused = try container.decodeIfPresent(OperatorAction.self, forKey: .paused)
        deferredSince = try container.decodeIfPresent(Timestamp.self, forKey: .deferredSince)
        var nodes = try container.nestedUnkeyedContainer(forKey: .progress)
        var read: [NodeID: NodeProgress] = [:]
        while !nodes.isAtEnd {
            let node = try nodes.decode(NodeID.self)
            read[node] = try nodes.decode(NodeProgress.self)
        }
        progress = NodeProgressTable(nodes: accepted.plan.nodes.map(\.node)) { read[$0] ?? NodeProgress() }
    }

    /// Whether the approval gate is open.
    public var isApprovedOrNotRequired: Bool {
        switch approval {
        case .notRequired, .approved: true
        case .pending, .denied: false
        }
    }
}
