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

    /// From progress in plan order (`progress[i]` belongs to `plan.nodes[i]`).
    init(_ upgradePlan: UpgradePlan, progress nodeProgress: [NodeProgress]) {
        behavior = upgradePlan.behavior
        limits = upgradePlan.limits
        for (plan, progress) in zip(upgradePlan.nodes, nodeProgress) {
            if plan.role == .controlPlane {
                if !progress.isFinished { controlPlaneUnfinished = true }
                if progress.isActive { controlPlaneActive = true }
            }
            if progress.isActive { count(plan) }
        }
    }

    func mayStart(_ nodePlan: NodePlan) -> Bool {
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
        case .surge: return busy < limits.maxSurge
        case .unavailable: return busy < limits.maxUnavailable
        }
    }

    /// A waiting node started: it is active now (and was unfinished already).
    mutating func started(_ nodePlan: NodePlan) {
        if nodePlan.role == .controlPlane { controlPlaneActive = true }
        count(nodePlan)
    }

    private mutating func count(_ plan: NodePlan) {
        if let index = busy.firstIndex(where: { $0.pool == plan.pool && $0.disruption == plan.disruption }) {
            busy[index].count += 1
        } else {
            busy.append(Busy(pool: plan.pool, disruption: plan.disruption, count: 1))
        }
    }
}
