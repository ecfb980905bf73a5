import Engine
import Foundation
import UpgradeDomain

extension Simulation {
    /// Decides a command for one cluster, records the events, folds them, and schedules what they ask for.
    @discardableResult
    func execute(_ command: UpgradeCommand, cluster i: Int, actor: String, now: Int64) throws -> [UpgradeEvent] {
        let before = clusters[i].state.active?.number
        let events = ClusterUpgradeDecider.decideAndApply(command, to: &clusters[i].state)
        guard !events.isEmpty else { return [] }
        try sink.record(events, activeUpgrade: before, cluster: EventSink.ClusterRef(index: i, id: clusters[i].id), actor: actor, at: stamp(now))
        // By index: each event is read in place, not copied out of the array.
        for index in events.indices { try react(to: events[index], cluster: i, now: now) }
        return events
    }

    private func react(to event: UpgradeEvent, cluster i: Int, now: Int64) throws {
        switch event {
        case .nodeStepStarted(let request):
            metrics.nodeSteps += 1
            markUnavailable(request, cluster: i, now: now)
            agenda.scheduleInOrder(.tick(cluster: i), at: request.deadline.millisecondsSinceEpoch)
            if history != nil {
                answerAsRecorded(request, cluster: i, now: now)
                return
            }
            if Double.random(in: 0..<1, using: &random) < scenario.faults.silentStepProbability { return }
            let duration = scenario.durations.distribution(for: request.step).sample(&random)
            let failed = Double.random(in: 0..<1, using: &random) < scenario.faults.nodeActionFailureProbability
            agenda.schedule(.stepDone(cluster: i, upgrade: request.upgrade, node: request.node, step: request.step,
                                      attempt: request.attempt, failed: failed), at: now + duration)
        case .nodeFinished(_, let node, _):
            markAvailable(node.rawValue, cluster: i, now: now)
        case .repaveApprovalRequested:
            clusters[i].approvalRequestedAt = now
            metrics.approvalsRequested += 1
            if history != nil, decideAsRecorded(cluster: i, now: now) { return }
            approveByPolicy(cluster: i, now: now)
        case .repaveApproved:
            if let requested = clusters[i].approvalRequestedAt {
                clusters[i].approvalWaitMs = now - requested
                metrics.approvalWaits.append(now - requested)
            }
        case .repaveDenied:
            metrics.denials += 1
        case .profileChangeAccepted(let accepted) where clusters[i].rollout == .running:
            // The change sent on admission, or one queued behind the upgrade that just ended.
            clusters[i].pendingChange = accepted.change
            clusters[i].behavior = accepted.change.behavior
        case .upgradeSucceeded(let success):
            clusters[i].profile = success.target
            if movesOn(i, after: success.upgrade) { return }
            finish(i, outcome: "succeeded", now: now)
        case .upgradeFailed(let failure):
            clearUnavailable(cluster: i, now: now)
            clusters[i].failure = "\(failure.node.rawValue) \(failure.step.rawValue): \(failure.error)"
            finish(i, outcome: "failed", now: now)
            metrics.failures += 1
            if metrics.firstFailure == nil {
                metrics.firstFailure = "\(clusters[i].id) at \(Self.clock(now - scenario.startMs)): node \(failure.node.rawValue), step \(failure.step.rawValue), \(failure.error)"
            }
            checkFailureBudget(now: now)
        case .upgradeCancelled(let cancellation):
            clearUnavailable(cluster: i, now: now)
            if movesOn(i, after: cancellation.upgrade) { return }
            finish(i, outcome: "cancelled", now: now)
        case .commandRefused:
            metrics.edgeRefusals += 1
        default:
            break
        }
    }

    /// Whether the decider planned a change queued behind `upgrade` as it ended (ADR 0003): the
    /// cluster then keeps its slot for that upgrade. After a failure the queued change is planned
    /// paused, for a person to look first, so a failure always ends the cluster's rollout.
    private func movesOn(_ i: Int, after upgrade: Int) -> Bool {
        clusters[i].rollout == .running && clusters[i].state.upgradesAccepted > upgrade
    }

    /// Schedules the approval the policy's approval mode gives.
    func approveByPolicy(cluster i: Int, now: Int64) {
        switch scenario.policy.approval {
        case .automatic: agenda.schedule(.approve(cluster: i, actor: scenario.policy.approver), at: now)
        case .afterDelay(let delay): agenda.schedule(.approve(cluster: i, actor: scenario.policy.approver), at: now + delay)
        case .byActor(let actor, let at): agenda.schedule(.approve(cluster: i, actor: actor), at: max(now, at))
        case .never: break
        }
    }

    /// Ends a cluster's rollout and frees its slot.
    func finish(_ i: Int, outcome: String, now: Int64) {
        guard clusters[i].rollout != .finished else { return }
        if clusters[i].rollout == .running {
            running -= 1
            if let wave = clusters[i].wave { waves.ended(in: wave) }
        }
        clusters[i].rollout = .finished
        clusters[i].outcome = outcome
        clusters[i].endedAt = now
        clusters[i].pendingTemplateChange = nil
        metrics.finished += 1
        metrics.clusterStates.record(now, running: running)
        agenda.schedule(.admit, at: now)
    }

    func checkFailureBudget(now: Int64) {
        guard halted == nil else { return }
        let limit: Int? = scenario.policy.failureBudget
            ?? scenario.policy.failureBudgetPercent.map { Int((Double(metrics.assigned) * $0 / 100).rounded(.down)) }
        guard let limit, metrics.failures > limit else { return }
        halted = (now, "\(metrics.failures) clusters failed, over the failure budget of \(limit); first: \(metrics.firstFailure ?? "?")")
    }

    /// Starts waiting clusters of the earliest unfinished wave while there is room, the rollout is
    /// not halted and a maintenance window is open. A wave starts only once every earlier one ended.
    func admit(now: Int64) throws {
        guard halted == nil else { return }
        if !scenario.policy.windows.isEmpty, !MaintenanceCalendar.isOpen(scenario.policy.windows, at: now) {
            if let opens = MaintenanceCalendar.nextOpening(scenario.policy.windows, after: now) { agenda.schedule(.admit, at: opens) }
            return
        }
        guard let wave = waves.current else { return }
        while running < scenario.policy.maxConcurrentClusters, let i = waves.next(in: wave) {
            guard clusters[i].rollout == .waiting(wave: wave),
                  clusters[i].pendingChange != nil || clusters[i].pendingTemplateChange != nil else { continue }
            clusters[i].rollout = .running
            clusters[i].startedAt = now
            running += 1
            waves.started(in: wave)
            metrics.clusterStates.record(now, running: running)
            if let change = clusters[i].pendingChange {
                let events = try execute(.changeProfile(change, at: stamp(now)), cluster: i, actor: change.requestedBy, now: now)
                if clusters[i].state.active == nil { endWithoutUpgrade(i, refused: Self.refusal(in: events), now: now) }
            } else {
                try startTemplateChange(i, now: now)
            }
        }
    }

    /// A change that started no upgrade — refused, or one the cluster already runs — ends at once:
    /// it frees its slot and its wave's, so the clusters behind it start. An unchanged cluster is
    /// done but took no upgrade, so it has no duration.
    func endWithoutUpgrade(_ i: Int, refused: String?, now: Int64) {
        guard clusters[i].rollout == .running else { return }
        if let refused {
            clusters[i].failure = refused
            finish(i, outcome: "refused", now: now)
        } else {
            clusters[i].startedAt = nil
            finish(i, outcome: "unchanged", now: now)
        }
    }

    /// The refusal among `events`, worded as the audit table words it.
    private static func refusal(in events: [UpgradeEvent]) -> String? {
        events.first { if case .commandRefused = $0 { true } else { false } }.map(EventSummary.line(for:))
    }

    // MARK: Unavailable nodes

    /// Steps that take a node out of service until it finishes.
    private static func isDisruptive(_ step: NodeStep) -> Bool {
        switch step {
        case .cordon, .removeNode, .reboot, .restartServices, .markInPlaceUpdatePending: true
        default: false
        }
    }

    private func markUnavailable(_ request: NodeActionRequest, cluster i: Int, now: Int64) {
        guard Self.isDisruptive(request.step),
            clusters[i].unavailable.insert(request.node.rawValue, pool: request.pool.rawValue)
        else { return }
        metrics.nodeBecameUnavailable(poolCount: clusters[i].unavailable.count(in: request.pool.rawValue), now: now)
    }

    private func markAvailable(_ node: String, cluster i: Int, now: Int64) {
        for _ in 0..<clusters[i].unavailable.remove(node) { metrics.nodeBecameAvailable(now: now) }
    }

    private func clearUnavailable(cluster i: Int, now: Int64) {
        // Nodes left cordoned after a failure or cancellation stay out of service; count them as such.
        clusters[i].unavailable.removeAll()
    }

    static func clock(_ ms: Int64) -> String {
        let seconds = ms / 1000
        return String(format: "+%dh%02dm%02ds", seconds / 3600, (seconds % 3600) / 60, seconds % 60)
    }
}
