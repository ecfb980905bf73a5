extension ClusterUpgradeDecider {
    /// Accepts and plans a change, or queues it behind the upgrade under way (ADR 0003).
    static func changeProfile(_ change: ProfileChange, at: Timestamp, _ r: inout EventRecorder) throws(RefusalReason) {
        let cluster = try registered(r.state)
        guard let active = r.state.active else {
            try begin(change, at: at, heldAfterFailure: false, &r)
            return
        }
        let running = active.accepted.change
        if change.target == running.target {
            // Back to the version under way: a change queued to another version is no longer wanted.
            // What the change adds to the running one (its version edited since, or the
            // cluster's overrides) follows alone, in its place.
            let adds = !change.isSameRequest(as: running) && change.behavior != .noOp
            if let leaving = r.state.queued, leaving.target != running.target {
                if adds { _ = try ProfileChangeGuardrails.check(change, against: cluster.projected(after: running)) }
                r.record(.queuedProfileChangeWithdrawn(leaving, by: change.requestedBy, at: at))
                if adds { r.record(.profileChangeQueued(change, at: at)) }
                return
            }
            if !adds { return }
        }
        if let queued = r.state.queued, change.isSameRequest(as: queued) { return }
        let queued = r.state.queued.map { change.merged(afterQueued: $0) } ?? change
        _ = try ProfileChangeGuardrails.check(queued, against: cluster.projected(after: running))
        r.record(.profileChangeQueued(queued, at: at))
    }

    /// Checks, plans and records a new upgrade, then starts whatever may start.
    /// Throws before recording anything.
    static func begin(
        _ change: ProfileChange,
        at: Timestamp,
        heldAfterFailure: Bool,
        _ r: inout EventRecorder
    ) throws(RefusalReason) {
        let cluster = try registered(r.state)
        let forced = try ProfileChangeGuardrails.check(change, against: cluster)
        let nodes = Set(cluster.allNodes.map(\.id))
        let leftCordoned = Set(r.state.nodesLeftCordoned).intersection(nodes)
        let leftRemoved = Set(r.state.nodesLeftRemoved).intersection(nodes)
        let leftReplaced = Set(r.state.nodesLeftWithReplacement).intersection(nodes)
        let leftRemovalUnknown = Set(r.state.nodesLeftRemovalUnknown).intersection(nodes)
        let leftReplacementUnknown = Set(r.state.nodesLeftReplacementUnknown).intersection(nodes)
        let plan: UpgradePlan
        do {
            plan = try RollingPlanner.plan(
                change, for: cluster, previouslyCordoned: leftCordoned, previouslyRemoved: leftRemoved,
                previouslyReplaced: leftReplaced, previouslyRemovalUnknown: leftRemovalUnknown,
                previouslyReplacementUnknown: leftReplacementUnknown)
        } catch {
            throw .invalidCluster(error)
        }
        let number = r.state.upgradesAccepted + 1
        r.record(.profileChangeAccepted(AcceptedUpgrade(
            upgrade: number, change: change, plan: plan, forcedMinorSkip: forced,
            heldAfterFailure: heldAfterFailure, previouslyCordoned: leftCordoned.sorted(), previouslyRemoved: leftRemoved.sorted(),
            previouslyReplaced: leftReplaced.sorted(), previouslyRemovalUnknown: leftRemovalUnknown.sorted(),
            previouslyReplacementUnknown: leftReplacementUnknown.sorted(), at: at)))
        if change.behavior == .repave {
            r.record(.repaveApprovalRequested(upgrade: number, at: at))
        }
        advance(at: at, &r)
    }

    /// Plans the queued change once the previous upgrade has ended.
    ///
    /// After a success it runs as classified. After a failure or cancellation the cluster never
    /// reached the abandoned target, so the queued change absorbs it (see `merged(afterAbandoned:)`);
    /// after a failure it also starts paused, for an operator to look first.
    static func promoteQueued(at: Timestamp, abandoned: ProfileChange?, failed: Bool, _ r: inout EventRecorder) {
        guard let queued = r.state.queued, let cluster = r.state.cluster else { return }
        let change = abandoned.map { queued.merged(afterAbandoned: $0, on: cluster) } ?? queued
        do {
            try begin(change, at: at, heldAfterFailure: failed, &r)
        } catch {
            r.record(.queuedProfileChangeDropped(change, reason: error, at: at))
        }
    }
}
