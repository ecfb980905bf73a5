extension ClusterUpgradeDecider {
    /// Starts every step that may start now, or records why nothing may: approval pending,
    /// paused, or the Kubernetes service down (deferred). Finishes the upgrade when every node is done.
    static func advance(at: Timestamp, _ r: inout EventRecorder) {
        // Read what is needed up front: no copy of the state may live across a record, or the
        // record would copy the state's collections instead of changing them in place.
        guard let (nodes, down, deferred) = advanceInputs(r) else { return }
        if down {
            if !deferred { r.record(.upgradeDeferred(.kubernetesServiceDown, at: at)) }
            return
        }
        if deferred { r.record(.upgradeResumedAfterDeferral(at: at)) }

        guard let plan = r.state.active?.accepted.plan else { return }
        var slots = RolloutSlots(plan, progress: r.state.active?.progress.inPlanOrder ?? [])
        // Starting steps changes neither the upgrade's number, its plan nor the policy.
        let upgrade = r.state.active?.accepted.upgrade ?? 0
        let policy = r.state.policy
        // Each node's standing is read just before it is acted on (no copy of the progress is held
        // across a record): starting a node's step changes only that node's progress.
        var allFinished = true
        for index in nodes.indices {
            guard let standing = r.state.active?.progress.inPlanOrder[index].standing else { return }
            switch standing {
            case .finished:
                continue
            case .betweenSteps(let next, let attempt):
                r.record(.nodeStepStarted(request(nodes[index], stepIndex: next, attempt: attempt, at: at, upgrade: upgrade, plan: plan, policy: policy)))
            case .waiting:
                // A node left with a replacement beside it (up, or unanswered) holds its surge slot already.
                let replaced = r.state.active?.progress.inPlanOrder[index].holdsSurgeSlot == true
                guard slots.mayStart(nodes[index], replacementUp: replaced) else { break }
                r.record(.nodeStepStarted(request(nodes[index], stepIndex: 0, attempt: 1, at: at, upgrade: upgrade, plan: plan, policy: policy)))
                slots.started(nodes[index], replacementUp: replaced)
            case .busy:
                break
            }
            allFinished = false
        }
        // A node this pass started is not finished, and one that was finished stays so: the
        // upgrade is done exactly when every node was finished before the pass.
        if allFinished {
            succeed(at: at, &r)
        }
    }

    /// The plan's nodes, whether the Kubernetes service is down and whether the upgrade is
    /// deferred; nil when nothing may start (no upgrade, approval pending, or paused).
    private static func advanceInputs(_ r: borrowing EventRecorder) -> (nodes: [NodePlan], down: Bool, deferred: Bool)? {
        // Field by field, so neither the upgrade nor the cluster is copied out.
        guard r.state.active?.isApprovedOrNotRequired == true, r.state.active?.paused?.at == nil,
            let health = r.state.cluster?.kubernetesHealth, let nodes = r.state.active?.accepted.plan.nodes
        else { return nil }
        return (nodes, health == .down, r.state.active?.deferredSince != nil)
    }

    static func request(
        _ nodePlan: NodePlan, stepIndex: Int, attempt: Int, at: Timestamp, upgrade: Int, plan: UpgradePlan, policy: UpgradePolicy
    ) -> NodeActionRequest {
        let step = nodePlan.steps[stepIndex]
        let services: [String]
        switch step {
        case .restartServices, .waitServicesHealthy: services = plan.servicesToRestart
        default: services = []
        }
        return NodeActionRequest(
            upgrade: upgrade, node: nodePlan.node, pool: nodePlan.pool, step: step,
            stepIndex: stepIndex, attempt: attempt, requestedAt: at,
            deadline: at.advanced(byMilliseconds: policy.timeout(for: step)), services: services)
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
