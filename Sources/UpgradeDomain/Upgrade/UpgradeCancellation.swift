/// An upgrade stopped on purpose: by an operator, or because its repave was denied.
public struct UpgradeCancellation: Sendable, Hashable, Codable {
    /// Why it stopped.
    public enum Reason: Sendable, Hashable, Codable {
        /// An operator cancelled it.
        case operatorRequest
        /// The repave approval was denied.
        case repaveDenied

        /// `operator-request` or `repave-denied`, as `state` and the API name it.
        public var name: String {
            switch self {
            case .operatorRequest: "operator-request"
            case .repaveDenied: "repave-denied"
            }
        }
    }

    /// The upgrade.
    public var upgrade: Int
    /// The profile version it was moving to.
    public var target: ProfileReference
    /// Why.
    public var reason: Reason
    /// Who, what they said, when.
    public var by: OperatorAction
    /// Nodes left cordoned (sorted).
    public var cordonedNodes: [NodeID]
    /// Nodes removed from the cluster and not replaced (sorted; `nil` when none, and so absent from
    /// the stored event).
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
        upgrade: Int, target: ProfileReference, reason: Reason, by: OperatorAction, cordonedNodes: [NodeID], removedNodes: [NodeID] = [],
        replacementsLeft: [NodeID] = [], removalsUnknown: [NodeID] = [],
        replacementsUnknown: [NodeID] = []
    ) {
        self.removedNodeList = removedNodes.isEmpty ? nil : removedNodes
        self.replacementList = replacementsLeft.isEmpty ? nil : replacementsLeft
        self.removalUnknownList = removalsUnknown.isEmpty ? nil : removalsUnknown
        self.replacementUnknownList = replacementsUnknown.isEmpty ? nil : replacementsUnknown
        self.upgrade = upgrade
        self.target = target
        self.reason = reason
        self.by = by
        self.cordonedNodes = cordonedNodes
    }

    /// Nodes removed from the cluster and not replaced (sorted): the next upgrade replaces them first.
    public var removedNodes: [NodeID] { removedNodeList ?? [] }

    /// Nodes whose surged replacement was provisioned and which were not removed (sorted): the
    /// cluster runs a machine more than desired for each, on a spare host. The next upgrade removes
    /// the node (its replacement keeps the node's id) before anything else in its pool.
    public var replacementsLeft: [NodeID] { replacementList ?? [] }

    /// Nodes whose removal was requested and not answered (sorted): they may be out of the cluster
    /// or still in it, cordoned and drained. The next upgrade asks for the removal again first and
    /// does not count them as available.
    public var removalsUnknown: [NodeID] { removalUnknownList ?? [] }

    /// Nodes whose `provision-replacement` was requested and not answered (in flight, or timed
    /// out; sorted): a machine may come up for each after the end, beside the node when surged, in
    /// its slot when the node was removed first (and is then in `removedNodes` too). It holds a
    /// surge slot (a spare host) until the next upgrade, which asks for the replacement again
    /// before anything else on the node.
    public var replacementsUnknown: [NodeID] { replacementUnknownList ?? [] }

    private enum CodingKeys: String, CodingKey {
        case upgrade, target, reason, by, cordonedNodes
        case removedNodeList = "removedNodes"
        case replacementList = "replacementsLeft"
        case removalUnknownList = "removalsUnknown"
        case replacementUnknownList = "replacementsUnknown"
    }
}
