/// Every node's progress in an upgrade, kept in plan order (control plane first) and found by node
/// in one lookup. Walks in plan order (requested steps, rollout slots, the answer to an agent) read
/// an array instead of hashing each node's name. A small plan finds a node by comparing names
/// (short names compare as two words, cheaper than hashing one); a larger one through a
/// node-to-slot map, built once per upgrade and shared by every copy of the state.
public struct NodeProgressTable: Sendable, Hashable {
    /// The nodes, in plan order.
    public let nodes: [NodeID]
    /// `progress[i]` belongs to `nodes[i]`.
    public private(set) var inPlanOrder: [NodeProgress]
    /// Empty for a plan of up to `scanLimit` nodes.
    private let slots: [NodeID: Int]
    private static let scanLimit = 16

    /// Every node of `nodes` (plan order) with its `initial` progress.
    public init(nodes: [NodeID], initial: (NodeID) -> NodeProgress) {
        self.nodes = nodes
        inPlanOrder = nodes.map(initial)
        slots = nodes.count <= Self.scanLimit
            ? [:] : Dictionary(nodes.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    /// The node's progress; nil for a node outside the plan. Setting nil, or a node outside the
    /// plan, changes nothing: the table always holds exactly the plan's nodes.
    public subscript(node: NodeID) -> NodeProgress? {
        get { slot(of: node).map { inPlanOrder[$0] } }
        set {
            guard let slot = slot(of: node), let newValue else { return }
            inPlanOrder[slot] = newValue
        }
    }

    /// The progress of the node at `slot` in plan order, changed in place.
    public subscript(slot slot: Int) -> NodeProgress {
        get { inPlanOrder[slot] }
        _modify { yield &inPlanOrder[slot] }
    }

    /// The node's place in plan order (its first, should the plan name it twice); nil for a node
    /// outside the plan.
    public func slot(of node: NodeID) -> Int? {
        nodes.count <= Self.scanLimit ? nodes.firstIndex(of: node) : slots[node]
    }

    /// Nodes and their progress, sorted by node name (the encoded order).
    public var sortedByNode: [(node: NodeID, progress: NodeProgress)] {
        zip(nodes, inPlanOrder).map { ($0, $1) }.sorted { $0.node < $1.node }
    }

    public static func == (lhs: NodeProgressTable, rhs: NodeProgressTable) -> Bool {
        lhs.nodes == rhs.nodes && lhs.inPlanOrder == rhs.inPlanOrder
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(nodes)
        hasher.combine(inPlanOrder)
    }
}
