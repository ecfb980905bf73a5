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
    /// What a failed or cancelled repave left half done comes first in its pool, whatever the change:
    /// - `previouslyRemoved` (taken out of the cluster before their replacement): their one step is
    ///   the replacement, provisioned with the target; unavailable until it is up.
    /// - `previouslyRemovalUnknown` without a replacement beside them (their removal asked for, never
    ///   answered; cordoned and drained before that): removed again, then replaced; unavailable.
    /// - `previouslyReplaced` (a surged replacement up beside them, the node not removed): the swap is
    ///   finished first, cordon, drain and remove the node (only the removal if it was asked for and
    ///   never answered), no second replacement; the replacement keeps the node's id and then takes
    ///   the change like any node. The replacement is a machine beyond desired: it holds a surge slot
    ///   of its pool until the removal (`RolloutSlots`).
    /// - `previouslyReplacementUnknown` (their replacement asked for, never answered: a machine may
    ///   have come up for them since): the replacement is asked for again, and the agent provisions
    ///   none when one is up for the node already (the replacement keeps the node's id; a retry asks
    ///   the same). A node removed first (in `previouslyRemoved` too) has that one step, as any node
    ///   left removed; a surged one then finishes its swap as a node in `previouslyReplaced` does
    ///   (cordon, drain, remove), and holds a surge slot of its pool from the start (`RolloutSlots`).
    public static func plan(
        _ change: ProfileChange,
        for cluster: Cluster,
        previouslyCordoned: Set<NodeID> = [],
        previouslyRemoved: Set<NodeID> = [],
        previouslyReplaced: Set<NodeID> = [],
        previouslyRemovalUnknown: Set<NodeID> = [],
        previouslyReplacementUnknown: Set<NodeID> = []
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
            var leftOver: [NodePlan] = []
            // The change's own plans (present nodes, and what follows a finished swap): the notes are theirs.
            var changePlans: [NodePlan] = []
            var present: [NodePlan] = []
            for node in pool.nodes.sorted(by: { $0.id < $1.id }) {
                func leftOverPlan(_ steps: [NodeStep], _ disruption: NodeDisruption) -> NodePlan {
                    NodePlan(node: node.id, pool: pool.id, role: pool.role, steps: steps, disruption: disruption)
                }
                if previouslyRemoved.contains(node.id) {
                    leftOver.append(leftOverPlan([.provisionReplacement], .unavailable))
                } else if previouslyReplacementUnknown.contains(node.id) || previouslyReplaced.contains(node.id) {
                    // A surged replacement left beside the node: asked for again when unanswered (none
                    // is made if one is up), then the swap finished, then the change.
                    let finish: [NodeStep] = if previouslyReplacementUnknown.contains(node.id) {
                        [.provisionReplacement, .cordon, .drain, .removeNode]
                    } else if previouslyRemovalUnknown.contains(node.id) {
                        [.removeNode]
                    } else {
                        [.cordon, .drain, .removeNode]
                    }
                    let then = planNode(node, in: pool, change: change, surgeRoom: surgeRoom, wasCordoned: false)
                    if let then { changePlans.append(then) }
                    leftOver.append(leftOverPlan(finish + (then?.steps ?? []), then?.disruption == .unavailable ? .unavailable : .surge))
                } else if previouslyRemovalUnknown.contains(node.id) {
                    leftOver.append(leftOverPlan([.removeNode, .provisionReplacement], .unavailable))
                } else if let plan = planNode(node, in: pool, change: change, surgeRoom: surgeRoom, wasCordoned: previouslyCordoned.contains(node.id)) {
                    changePlans.append(plan)
                    present.append(plan)
                }
            }
            let poolNodes = leftOver + present
            nodes += poolNodes

            var maxUnavailable = pool.role == .controlPlane ? 1 : resolved.maxUnavailable
            if resolved.unavailableRaisedToOne, change.behavior != .noOp {
                notes.append(.unavailableRaisedToOne(pool: pool.id))
            }
            if changePlans.contains(where: { $0.steps.first == .cordon && $0.steps.contains(.removeNode) }) {
                let resets = pool.resetsOnRemoval || pool.nodes.contains(where: \.isElementalHost)
                notes.append(.poolContractsByOneFirst(pool: pool.id, resetsOnRemoval: resets))
            }
            if changePlans.contains(where: { $0.steps.contains(.markInPlaceUpdatePending) }) {
                notes.append(.elementalInPlaceUpdate(pool: pool.id))
            }
            if maxUnavailable == 0, poolNodes.contains(where: { $0.disruption == .unavailable }) {
                maxUnavailable = 1
                if changePlans.contains(where: { $0.disruption == .unavailable && !$0.steps.contains(.removeNode) }) {
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
