/// Why an upgrade failed: which node, which step, the error, when, and what is left cordoned.
public struct UpgradeFailure: Sendable, Hashable, Codable {
    /// The upgrade.
    public var upgrade: Int
    /// The profile version it was moving to.
    public var target: ProfileReference
    /// The node whose step failed.
    public var node: NodeID
    /// The step that failed.
    public var step: NodeStep
    /// How many tries were made.
    public var attempts: Int
    /// The last error.
    public var error: StepError
    /// When the upgrade failed.
    public var at: Timestamp
    /// Nodes left cordoned (sorted): they need an operator or the next upgrade to uncordon them.
    public var cordonedNodes: [NodeID]
    /// Nodes removed from the cluster and not replaced (sorted; `nil` when none, and so absent from
    /// the stored event): the cluster is short of them until the next upgrade replaces them.
    private var removedNodeList: [NodeID]?
    /// Nodes with a surged replacement up beside them that were not removed (sorted; `nil` when
    /// none, and so absent from the stored event).
    private var replacementList: [NodeID]?
    /// Nodes whose removal was requested and not answered (sorted; `nil` when none, and so absent
    /// from the stored event).
    private var removalUnknownList: [NodeID]?
    /// Nodes whose replacement was requested and not answered (sorted; `nil` when none, and so
    /// absent from the stored event, as in events written before the list existed).
    private var replacementUnknownList: [NodeID]?

    /// Creates the record.
    public init(
        upgrade: Int, target: ProfileReference, node: NodeID, step: NodeStep, attempts: Int,
        error: StepError, at: Timestamp, cordonedNodes: [NodeID], removedNodes: [NodeID] = [],
        replacementsLeft: [NodeID] = [], removalsUnknown: [NodeID] = [],
        replacementsUnknown: [NodeID] = []
    ) {
        self.removedNodeList = removedNodes.isEmpty ? nil : removedNodes
        self.replacementList = replacementsLeft.isEmpty ? nil : replacementsLeft
        self.removalUnknownList = removalsUnknown.isEmpty ? nil : removalsUnknown
        self.replacementUnknownList = replacementsUnknown.isEmpty ? nil : replacementsUnknown
        self.upgrade = upgrade
        self.target = target
        self.node = node
        self.step = step
        self.attempts = attempts
        self.error = error
        self.at = at
        self.cordonedNodes = cordonedNodes
    }

    /// Nodes removed from the cluster and not replaced (sorted).
    public var removedNodes: [NodeID] { removedNodeList ?? [] }

    /// Nodes whose surged replacement was provisioned and which were not removed (sorted): the
    /// cluster runs a machine more than desired for each, on a spare host, until the next upgrade
    /// removes the node.
    public var replacementsLeft: [NodeID] { replacementList ?? [] }

    /// Nodes whose removal was requested and not answered (sorted): out of the cluster or not,
    /// nobody knows until the next upgrade asks for the removal again.
    public var removalsUnknown: [NodeID] { removalUnknownList ?? [] }

    /// Nodes whose `provision-replacement` was requested and not answered (in flight, or timed
    /// out; sorted): a machine may come up for each after the end, beside the node when surged, in
    /// its slot when the node was removed first (and is then in `removedNodes` too). It holds a
    /// surge slot (a spare host) until the next upgrade, which asks for the replacement again
    /// before anything else on the node.
    public var replacementsUnknown: [NodeID] { replacementUnknownList ?? [] }

    private enum CodingKeys: String, CodingKey {
        case upgrade, target, node, step, attempts, error, at, cordonedNodes
        case removedNodeList = "removedNodes"
        case replacementList = "replacementsLeft"
        case removalUnknownList = "removalsUnknown"
        case replacementUnknownList = "replacementsUnknown"
    }
}
