/// Every node's progress in an upgrade, kept in plan order (control plane first) and found by node
/// in one lookup. Walks in plan order (requested steps, rollout slots, the answer to an agent) read
/// an array instead of hashing each node's name; the node-to-slot map is built once per upgrade and
/// shared by every copy of the state.
public struct NodeProgressTable: Sendable, Hashable {
    /// The nodes, in plan order.
    public let nodes: [NodeID]
    /// `progress[i]` belongs to `nodes[i]`.
    public private(set) var inPlanOrder: [NodeProgress]
    private let slots: [NodeID: Int]

    /// Every node of `nodes` (plan order) with its `initial` progress.
    public init(nodes: [NodeID], initial: (NodeID) -> NodeProgress) {
        self.nodes = nodes
        inPlanOrder = nodes.map(initial)
        slots = Dictionary(nodes.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    /// The node's progress; nil for a node outside the plan. Setting nil, or a node outside the
    /// plan, changes nothing: the table always holds exactly the plan's nodes.
    public subscript(node: NodeID) -> NodeProgress? {
        get { slots[node].map { inPlanOrder[$0] } }
        set {
            guard let slot = slots[node], let newValue else { return }
            inPlanOrder[slot] = newValue
        }
    }

    /// The node's place in plan order; nil for a node outside the plan.
    public func slot(of node: NodeID) -> Int? { slots[node] }

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
