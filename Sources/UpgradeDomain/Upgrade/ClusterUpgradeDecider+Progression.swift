extension ClusterUpgradeDecider {
    /// Starts every step that may start now, or records why nothing may: approval pending,
    /// paused, or the Kubernetes service down (deferred). Finishes the upgrade when every node is done.
    static func advance(at: Timestamp, _ r: inout EventRecorder) {
        guard let active = r.state.active, let cluster = r.state.cluster,
            active.isApprovedOrNotRequired, active.paused == nil
        else { return }
        if cluster.kubernetesHealth == .down {
            if active.deferredSince == nil { r.record(.upgradeDeferred(.kubernetesServiceDown, at: at)) }
            return
        }
        if active.deferredSince != nil { r.record(.upgradeResumedAfterDeferral(at: at)) }

        for nodePlan in active.plan.nodes {
            guard let current = r.state.active, let progress = current.progress[nodePlan.node] else { return }
            switch progress.phase {
            case .betweenSteps(let next, let attempt):
                r.record(.nodeStepStarted(request(nodePlan, stepIndex: next, attempt: attempt, at: at, r.state)))
            case .waiting where mayStart(nodePlan, in: current):
                r.record(.nodeStepStarted(request(nodePlan, stepIndex: 0, attempt: 1, at: at, r.state)))
            default:
                continue
            }
        }
        if let current = r.state.active, current.progress.values.allSatisfy(\.isFinished) {
            succeed(at: at, &r)
        }
    }

    /// Whether a waiting node may start: control plane strictly first and one at a time
    /// (a configuration reload excepted), then the pool's surge or unavailable budget.
    static func mayStart(_ nodePlan: NodePlan, in active: ActiveUpgrade) -> Bool {
        guard let limits = active.plan.limits(for: nodePlan.pool) else { return false }
        // One pass over the plan, no intermediate arrays: this runs for every waiting node on
        // every step of every cluster, which dominates fleet-scale replays.
        var busy = 0
        for plan in active.plan.nodes {
            let progress = active.progress[plan.node] ?? NodeProgress()
            if plan.role == .controlPlane {
                switch nodePlan.role {
                case .worker:
                    if !progress.isFinished { return false }
                case .controlPlane:
                    if active.plan.behavior != .configReload, progress.isActive { return false }
                }
            }
            if plan.pool == nodePlan.pool, plan.disruption == nodePlan.disruption, progress.isActive { busy += 1 }
        }
        switch nodePlan.disruption {
        case .none: return true
        case .surge: return busy < limits.maxSurge
        case .unavailable: return busy < limits.maxUnavailable
        }
    }

    static func request(
        _ nodePlan: NodePlan, stepIndex: Int, attempt: Int, at: Timestamp, _ state: ClusterUpgradeState
    ) -> NodeActionRequest {
        let step = nodePlan.steps[stepIndex]
        let services = [.restartServices, .waitServicesHealthy].contains(step) ? state.active?.plan.servicesToRestart ?? [] : []
        return NodeActionRequest(
            upgrade: state.active?.number ?? 0, node: nodePlan.node, pool: nodePlan.pool, step: step,
            stepIndex: stepIndex, attempt: attempt, requestedAt: at,
            deadline: at.advanced(byMilliseconds: state.policy.timeout(for: step)), services: services)
    }

    static func succeed(at: Timestamp, _ r: inout EventRecorder) {
        guard let active = r.state.active, let cluster = r.state.cluster else { return }
        let newlyOrphaned = Set(active.accepted.change.droppedPacks).subtracting(cluster.orphanedPacks).sorted()
        r.record(.upgradeSucceeded(UpgradeSuccess(
            upgrade: active.number, target: active.accepted.change.target,
            newlyOrphanedPacks: newlyOrphaned, at: at)))
        promoteQueued(at: at, abandoned: nil, failed: false, &r)
    }
}
