import UpgradeDomain

/// What a failed or cancelled upgrade left half done on its nodes, in words, for the audit table
/// and the timeline: nodes out of the cluster without their replacement, nodes with a surged
/// replacement up beside them, nodes whose removal or replacement nobody answered. Empty when there is none.
enum LeftNodesText {
    static func of(removed: [NodeID], replacementsLeft: [NodeID], removalsUnknown: [NodeID], replacementsUnknown: [NodeID] = []) -> String {
        list("removed, not replaced", removed)
            + list("replacement up beside, node not removed", replacementsLeft)
            + list("removal requested, not answered (in the cluster or not)", removalsUnknown)
            + list("replacement requested, not answered (up or not)", replacementsUnknown)
    }

    static func of(_ failure: UpgradeFailure) -> String {
        of(removed: failure.removedNodes, replacementsLeft: failure.replacementsLeft, removalsUnknown: failure.removalsUnknown,
           replacementsUnknown: failure.replacementsUnknown)
    }

    static func of(_ cancellation: UpgradeCancellation) -> String {
        of(removed: cancellation.removedNodes, replacementsLeft: cancellation.replacementsLeft, removalsUnknown: cancellation.removalsUnknown,
           replacementsUnknown: cancellation.replacementsUnknown)
    }

    private static func list(_ label: String, _ nodes: [NodeID]) -> String {
        nodes.isEmpty ? "" : "; \(label): " + nodes.map(\.rawValue).joined(separator: ", ")
    }
}
