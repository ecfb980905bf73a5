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
    /// Per-node progress, keyed by node; read it through `orderedProgress`.
    public var progress: [NodeID: NodeProgress]

    /// Starts tracking `accepted`, every node waiting.
    public init(accepted: AcceptedUpgrade) {
        self.accepted = accepted
        self.approval = .notRequired
        self.paused = nil
        self.deferredSince = nil
        let cordoned = Set(accepted.previouslyCordoned)
        self.progress = Dictionary(
            uniqueKeysWithValues: accepted.plan.nodes.map {
                ($0.node, NodeProgress(cordoned: cordoned.contains($0.node)))
            })
    }

    /// The upgrade's number.
    public var number: Int { accepted.upgrade }
    /// The plan.
    public var plan: UpgradePlan { accepted.plan }

    /// Node plans with their progress, in plan order (control plane first).
    public var orderedProgress: [(plan: NodePlan, progress: NodeProgress)] {
        plan.nodes.map { ($0, progress[$0.node] ?? NodeProgress()) }
    }

    /// Nodes confirmed cordoned and not yet uncordoned or removed, sorted.
    public var cordonedNodes: [NodeID] {
        progress.filter { $0.value.cordoned }.map(\.key).sorted()
    }

    /// Steps requested and not yet answered, in plan order.
    public var requestedNodeActions: [NodeActionRequest] {
        var requests: [NodeActionRequest] = []
        for node in plan.nodes {
            if case .running(let request) = progress[node.node]?.phase { requests.append(request) }
        }
        return requests
    }

    /// Whether a requested step's deadline is at or before `at`.
    public func hasStepDue(by at: Timestamp) -> Bool {
        progress.values.contains { progress in
            if case .running(let request) = progress.phase { request.deadline <= at } else { false }
        }
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
        for node in progress.keys.sorted() {
            try nodes.encode(node)
            try nodes.encode(progress[node])
        }
    }

    /// Whether the approval gate is open.
    public var isApprovedOrNotRequired: Bool {
        switch approval {
        case .notRequired, .approved: true
        case .pending, .denied: false
        }
    }
}
