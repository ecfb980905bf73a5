/// A profile change that passed the guardrails, with its plan.
public struct AcceptedUpgrade: Sendable, Hashable, Codable {
    /// The upgrade's number (1, 2, … per cluster).
    public var upgrade: Int
    /// The change.
    public var change: ProfileChange
    /// The node-by-node plan.
    public var plan: UpgradePlan
    /// Present when a skipped minor version was forced: who, why, from and to.
    public var forcedMinorSkip: ForcedMinorSkip?
    /// Set when the change was queued behind an upgrade that failed: the new upgrade starts paused.
    public var heldAfterFailure: Bool
    /// Nodes a failed or cancelled upgrade left cordoned (sorted); this upgrade uncordons them.
    public var previouslyCordoned: [NodeID]
    /// Nodes a failed or cancelled upgrade removed without a replacement (sorted; `nil` when none,
    /// and so absent from the stored event); this upgrade replaces them first.
    private var previouslyRemovedNodes: [NodeID]?
    /// Nodes a failed or cancelled upgrade left with a surged replacement up beside them (sorted;
    /// `nil` when none, and so absent from the stored event); this upgrade removes them first.
    private var previouslyReplacedNodes: [NodeID]?
    /// Nodes whose removal a failed or cancelled upgrade requested and never had answered (sorted;
    /// `nil` when none, and so absent from the stored event); this upgrade removes them again first.
    private var previouslyRemovalUnknownNodes: [NodeID]?
    /// Nodes whose replacement a failed or cancelled upgrade requested and never had answered
    /// (sorted; `nil` when none, and so absent from the stored event); this upgrade asks for it again first.
    private var previouslyReplacementUnknownNodes: [NodeID]?
    /// When.
    public var at: Timestamp

    /// Creates the record.
    public init(
        upgrade: Int, change: ProfileChange, plan: UpgradePlan, forcedMinorSkip: ForcedMinorSkip?,
        heldAfterFailure: Bool = false, previouslyCordoned: [NodeID] = [], previouslyRemoved: [NodeID] = [],
        previouslyReplaced: [NodeID] = [], previouslyRemovalUnknown: [NodeID] = [],
        previouslyReplacementUnknown: [NodeID] = [], at: Timestamp
    ) {
        self.upgrade = upgrade
        self.change = change
        self.plan = plan
        self.forcedMinorSkip = forcedMinorSkip
        self.heldAfterFailure = heldAfterFailure
        self.previouslyCordoned = previouslyCordoned
        self.previouslyRemovedNodes = previouslyRemoved.isEmpty ? nil : previouslyRemoved
        self.previouslyReplacedNodes = previouslyReplaced.isEmpty ? nil : previouslyReplaced
        self.previouslyRemovalUnknownNodes = previouslyRemovalUnknown.isEmpty ? nil : previouslyRemovalUnknown
        self.previouslyReplacementUnknownNodes = previouslyReplacementUnknown.isEmpty ? nil : previouslyReplacementUnknown
        self.at = at
    }

    /// Nodes a failed or cancelled upgrade removed without a replacement (sorted); this upgrade replaces them first.
    public var previouslyRemoved: [NodeID] { previouslyRemovedNodes ?? [] }

    /// Nodes a failed or cancelled upgrade left with a surged replacement up beside them (sorted);
    /// this upgrade finishes their swap (removes the node) first.
    public var previouslyReplaced: [NodeID] { previouslyReplacedNodes ?? [] }

    /// Nodes whose removal a failed or cancelled upgrade requested and never had answered (sorted);
    /// this upgrade asks for their removal again first.
    public var previouslyRemovalUnknown: [NodeID] { previouslyRemovalUnknownNodes ?? [] }

    /// Nodes whose replacement a failed or cancelled upgrade requested and never had answered
    /// (sorted); this upgrade asks for the replacement again before anything else on them.
    public var previouslyReplacementUnknown: [NodeID] { previouslyReplacementUnknownNodes ?? [] }

    private enum CodingKeys: String, CodingKey {
        case upgrade, change, plan, forcedMinorSkip, heldAfterFailure, previouslyCordoned, at
        case previouslyRemovedNodes = "previouslyRemoved"
        case previouslyReplacedNodes = "previouslyReplaced"
        case previouslyRemovalUnknownNodes = "previouslyRemovalUnknown"
        case previouslyReplacementUnknownNodes = "previouslyReplacementUnknown"
    }
}
