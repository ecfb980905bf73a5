/// Turns a classified profile change into a node-by-node plan for an edge cluster.
///
/// Rules: control-plane nodes first and one at a time (etcd quorum); worker pools by their
/// Cluster API budget; a repave surges onto a spare host where the budget and a spare allow,
/// otherwise the pool contracts by one first (cordon, drain, remove, then replace); Elemental
/// hosts take an OS version change in place; a configuration reload touches nodes without
/// disruption; a no-op touches nothing.
public enum RollingPlanner {
    /// Plans `change` for `cluster`. Nodes in `previouslyCordoned` (left so by a failed or
    /// cancelled upgrade) end with an uncordon if their steps would not otherwise release them.
    /// Nodes in `previouslyRemoved` (taken out of the cluster by a failed or cancelled upgrade
    /// before their replacement) come first in their pool, whatever the change: their one step is
    /// the replacement, provisioned with the target, and they count as unavailable until it is up.
    public static func plan(
        _ change: ProfileChange,
        for cluster: Cluster,
        previouslyCordoned: Set<NodeID> = [],
        previouslyRemoved: Set<NodeID> = []
    ) throws(FleetValidationError) -> UpgradePlan {
        let orderedPools = cluster.pools.filter { $0.role == .controlPlane } + cluster.pools.filter { $0.role == .worker }
        var nodes: [NodePlan] = []
        var limits: [PoolRolloutLimits] = []
        var notes = controlPlaneNotes(change.behavior, members: orderedPools.filter { $0.role == .controlPlane }.reduce(0) { $0 + $1.nodes.count })

        for pool in orderedPools {
            let resolved: ResolvedRollout
            do {
                resolved = try RolloutArithmetic.resolve(pool.rollout, desiredReplicas: pool.desiredReplicas)
            } catch {
                throw .invalidRolloutBudget(pool: pool.id, error)
            }
            let surgeCap = pool.role == .controlPlane ? min(resolved.maxSurge, 1) : resolved.maxSurge
            let surgeRoom = min(surgeCap, pool.spareHosts)
            let missing = pool.nodes.filter { previouslyRemoved.contains($0.id) }.sorted { $0.id < $1.id }
            let present = pool.nodes.filter { !previouslyRemoved.contains($0.id) }.sorted { $0.id < $1.id }
            let poolNodes = missing.map {
                NodePlan(node: $0.id, pool: pool.id, role: pool.role, steps: [.provisionReplacement], disruption: .unavailable)
            } + present.compactMap { node in
                planNode(node, in: pool, change: change, surgeRoom: surgeRoom, wasCordoned: previouslyCordoned.contains(node.id))
            }
            nodes += poolNodes

            var maxUnavailable = pool.role == .controlPlane ? 1 : resolved.maxUnavailable
            if resolved.unavailableRaisedToOne, change.behavior != .noOp {
                notes.append(.unavailableRaisedToOne(pool: pool.id))
            }
            if poolNodes.contains(where: { $0.steps.first == .cordon && $0.steps.contains(.removeNode) }) {
                let resets = pool.resetsOnRemoval || pool.nodes.contains(where: \.isElementalHost)
                notes.append(.poolContractsByOneFirst(pool: pool.id, resetsOnRemoval: resets))
            }
            if poolNodes.contains(where: { $0.steps.contains(.markInPlaceUpdatePending) }) {
                notes.append(.elementalInPlaceUpdate(pool: pool.id))
            }
            if maxUnavailable == 0, poolNodes.contains(where: { $0.disruption == .unavailable }) {
                maxUnavailable = 1
                if poolNodes.contains(where: { !$0.steps.contains(.removeNode) && !previouslyRemoved.contains($0.node) }) {
                    notes.append(.oneNodeUnavailableForInPlaceSteps(pool: pool.id))
                }
            }
            limits.append(PoolRolloutLimits(
                pool: pool.id, role: pool.role, resolved: resolved, maxUnavailable: maxUnavailable, maxSurge: surgeRoom))
        }

        let services = change.behavior == .serviceRestart ? Array(Set(change.servicesToRestart)).sorted() : []
        return UpgradePlan(behavior: change.behavior, nodes: nodes, limits: limits, servicesToRestart: services, notes: notes)
    }

    /// One node's steps, or `nil` when the node has nothing to do.
    private static func planNode(
        _ node: FleetNode, in pool: NodePool, change: ProfileChange, surgeRoom: Int, wasCordoned: Bool
    ) -> NodePlan? {
        let behavior = change.behavior
        guard behavior != .noOp || wasCordoned else { return nil }
        let inPlace = change.changesOSVersion && pool.resetsOnRemoval(node) && behavior >= .reboot
        let surgeFirst = behavior == .repave && !inPlace && surgeRoom >= 1
        var steps = NodeStep.sequence(for: behavior, elementalInPlace: inPlace, surgeFirst: surgeFirst)
        if wasCordoned, steps.last != .uncordon, !steps.contains(.removeNode) {
            steps.append(.uncordon)
        }
        let disruption: NodeDisruption = behavior <= .configReload ? .none : (surgeFirst ? .surge : .unavailable)
        return NodePlan(node: node.id, pool: pool.id, role: pool.role, steps: steps, disruption: disruption)
    }

    /// Control-plane nodes go one at a time; with 1 or 2 members etcd has no tolerance, and the plan says so.
    private static func controlPlaneNotes(_ behavior: Behavior, members: Int) -> [PlanNote] {
        guard members > 0, behavior >= .serviceRestart else { return [] }
        let quorum = ControlPlaneQuorum(members: members)
        var notes: [PlanNote] = [.controlPlaneOneAtATime(members: quorum.members, quorum: quorum.quorum)]
        if quorum.losesQuorumWhenOneNodeIsDown {
            notes.append(.controlPlaneHasNoQuorumTolerance(members: quorum.members))
        }
        return notes
    }
}
