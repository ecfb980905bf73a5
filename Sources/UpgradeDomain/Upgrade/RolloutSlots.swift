/// Whether waiting nodes may start: control plane strictly first and one at a time (a
/// configuration reload excepted), then each pool's surge or unavailable budget.
///
/// Counted once per `advance` from the upgrade's progress and kept current as nodes start, so
/// deciding for every waiting node costs one pass over the plan instead of one pass per node.
struct RolloutSlots {
    private struct Busy {
        var pool: PoolID
        var disruption: NodeDisruption
        var count: Int
    }

    private let behavior: Behavior
    private let limits: [PoolRolloutLimits]
    private var controlPlaneUnfinished = false
    private var controlPlaneActive = false
    /// Active nodes by pool and disruption (a handful of pools: a list beats hashing).
    private var busy: [Busy] = []

    /// From progress in plan order (`progress[i]` belongs to `plan.nodes[i]`). Reads each node's
    /// plan and progress in place: copying them out retained their strings, per node per `advance`.
    init(_ upgradePlan: UpgradePlan, progress nodeProgress: [NodeProgress]) {
        behavior = upgradePlan.behavior
        limits = upgradePlan.limits
        let nodes = upgradePlan.nodes
        for index in 0..<min(nodes.count, nodeProgress.count) {
            let active = nodeProgress[index].isActive
            if nodes[index].role == .controlPlane {
                if !nodeProgress[index].isFinished { controlPlaneUnfinished = true }
                if active { controlPlaneActive = true }
            }
            if active { count(pool: nodes[index].pool, disruption: nodes[index].disruption) }
            // A replacement up beside its node is a machine beyond desired: it holds a surge slot of
            // its pool until the node is removed, started or not (an active surged node is counted once).
            // So does one asked for beside it and never answered: it may be up.
            if nodeProgress[index].holdsSurgeSlot, !(active && nodes[index].disruption == .surge) {
                count(pool: nodes[index].pool, disruption: .surge)
            }
        }
    }

    /// Whether the waiting node may start. A node with a replacement up beside it, or one unanswered
    /// (left by an earlier upgrade), holds its surge slot already: starting it adds no machine.
    func mayStart(_ nodePlan: NodePlan, replacementUp: Bool = false) -> Bool {
        guard let limits = limits.first(where: { $0.pool == nodePlan.pool }) else { return false }
        switch nodePlan.role {
        case .worker:
            if controlPlaneUnfinished { return false }
        case .controlPlane:
            if behavior != .configReload, controlPlaneActive { return false }
        }
        let busy = busy.first { $0.pool == nodePlan.pool && $0.disruption == nodePlan.disruption }?.count ?? 0
        switch nodePlan.disruption {
        case .none: return true
        case .surge: return replacementUp || busy < limits.maxSurge
        case .unavailable: return busy < limits.maxUnavailable
        }
    }

    /// A waiting node started: it is active now (and was unfinished already). A surged node with a
    /// replacement up beside it was counted already.
    mutating func started(_ nodePlan: NodePlan, replacementUp: Bool = false) {
        if nodePlan.role == .controlPlane { controlPlaneActive = true }
        if replacementUp, nodePlan.disruption == .surge { return }
        count(pool: nodePlan.pool, disruption: nodePlan.disruption)
    }

    private mutating func count(pool: PoolID, disruption: NodeDisruption) {
        if let index = busy.firstIndex(where: { $0.pool == pool && $0.disruption == disruption }) {
            busy[index].count += 1
        } else {
            busy.append(Busy(pool: pool, disruption: disruption, count: 1))
        }
    }
}
