extension ClusterUpgradeDecider {
    /// Applies one event. Total: an event that does not fit the state leaves it as it is.
    public static func evolve(_ state: ClusterUpgradeState, _ event: UpgradeEvent) -> ClusterUpgradeState {
        var next = state
        apply(event, to: &next)
        return next
    }

    /// `evolve` in place: a caller that owns the only copy of the state mutates it without copying
    /// its collections (what a fleet-scale fold needs).
    public static func apply(_ event: UpgradeEvent, to state: inout ClusterUpgradeState) {
        switch event {
        case .clusterRegistered(let cluster, let policy, _):
            state.cluster = cluster
            state.policy = policy
        case .clusterStatusChanged(let status, _):
            state.cluster?.status = status
        case .kubernetesHealthChanged(let health, _):
            state.cluster?.kubernetesHealth = health
        case .profileChangeAccepted(let accepted):
            var active = ActiveUpgrade(accepted: accepted)
            if accepted.heldAfterFailure {
                active.paused = OperatorAction(actor: engineActor, comment: "previous upgrade failed", at: accepted.at)
            }
            state.active = active
            state.queued = nil
            // Room for a report key per step; the upgrade before this one keeps its keys, older ones go.
            state.reportKeys.startUpgrade(expected: accepted.plan.nodes.reduce(0) { $0 + $1.steps.count })
            state.upgradesAccepted = max(state.upgradesAccepted, accepted.upgrade)
        case .profileChangeQueued(let change, _):
            state.queued = change
        case .queuedProfileChangeDropped, .queuedProfileChangeWithdrawn:
            state.queued = nil
        case .repaveApprovalRequested(_, let at):
            state.active?.approval = .pending(since: at)
        case .repaveApproved(let decision):
            state.active?.approval = .approved(decision)
        case .repaveDenied(let decision):
            state.active?.approval = .denied(decision)
        case .upgradeDeferred(_, let at):
            state.active?.deferredSince = at
        case .upgradeResumedAfterDeferral:
            state.active?.deferredSince = nil
        case .upgradePaused(let action):
            state.active?.paused = action
        case .upgradeResumed:
            state.active?.paused = nil
        case .nodeStepStarted(let request):
            if let slot = state.active?.progress.slot(of: request.node) {
                state.active?.progress[slot: slot].phase = .running(request)
                if request.step == .cordon { state.active?.progress[slot: slot].cordonUnanswered = true }
                if request.step == .removeNode { state.active?.progress[slot: slot].removalUnanswered = true }
                if request.step == .provisionReplacement { state.active?.progress[slot: slot].replacementUnanswered = true }
            }
        case .nodeStepStartReported(let receipt):
            state.reportKeys.insert(receipt.idempotencyKey)
            applyStart(receipt, to: &state)
        case .nodeStepSucceeded(let success):
            state.reportKeys.insert(success.idempotencyKey)
            applySuccess(success, to: &state)
        case .nodeStepFailed(let failure):
            if let key = failure.idempotencyKey { state.reportKeys.insert(key) }
            applyFailure(failure, to: &state)
        case .nodeFinished(_, let node, _):
            if let slot = state.active?.progress.slot(of: node) {
                state.active?.progress[slot: slot].phase = .finished
            }
        case .upgradeSucceeded(let success):
            if let change = state.active?.accepted.change, var cluster = state.cluster {
                cluster.profile = success.target
                cluster.kubernetesVersion = change.kubernetesVersion?.to ?? cluster.kubernetesVersion
                cluster.cniPack = change.cniPack?.to ?? cluster.cniPack
                cluster.orphanedPacks = Array(Set(cluster.orphanedPacks).union(success.newlyOrphanedPacks)).sorted()
                state.cluster = cluster
            }
            endActive(&state)
            state.lastOutcome = .succeeded(success)
        case .upgradeFailed(let failure):
            state.active = nil
            state.lastOutcome = .failed(failure)
            state.lastFailure = failure
        case .upgradeCancelled(let cancellation):
            endActive(&state)
            state.lastOutcome = .cancelled(cancellation)
        case .commandRefused:
            break
        }
    }

    /// Ends the upgrade under way without a failure. The last failure stays unless the upgrade
    /// worked on the nodes: one that never requested a step left the failure's nodes as they were.
    private static func endActive(_ state: inout ClusterUpgradeState) {
        if state.active?.hasBegun == true { state.lastFailure = nil }
        state.active = nil
    }

    /// The actor recorded when the engine itself holds an upgrade.
    public static let engineActor = "engine"

    private static func applySuccess(_ success: NodeStepSuccess, to state: inout ClusterUpgradeState) {
        // The node is found once and its progress changed in place, field by field.
        guard let slot = state.active?.progress.slot(of: success.node),
            case .running(let request)? = state.active?.progress[slot: slot].phase,
            let stepCount = state.active?.accepted.plan.nodes[slot].steps.count
        else { return }
        let next = request.stepIndex + 1
        state.active?.progress[slot: slot].phase = next >= stepCount ? .finished : .betweenSteps(nextStep: next, attempt: 1)
        switch success.step {
        case .cordon:
            state.active?.progress[slot: slot].cordoned = true
            state.active?.progress[slot: slot].cordonUnanswered = false
        case .uncordon: state.active?.progress[slot: slot].cordoned = false
        case .removeNode:
            state.active?.progress[slot: slot].cordoned = false
            state.active?.progress[slot: slot].removalUnanswered = false
            // A replacement surged beside the node takes its place (and keeps its id); without one,
            // the node is out of the cluster until a replacement step later in the plan succeeds.
            let replaced = state.active?.progress[slot: slot].replacementUp == true
            state.active?.progress[slot: slot].replacementUp = false
            state.active?.progress[slot: slot].removed = !replaced && next < stepCount
        case .provisionReplacement:
            // Into the slot the node left, or, surged, beside the node until it is removed.
            state.active?.progress[slot: slot].replacementUnanswered = false
            if state.active?.progress[slot: slot].removed == true {
                state.active?.progress[slot: slot].removed = false
            } else {
                state.active?.progress[slot: slot].replacementUp = true
            }
        default: break
        }
    }

    private static func applyStart(_ receipt: NodeStepStartReceipt, to state: inout ClusterUpgradeState) {
        guard case .running(var request)? = state.active?.progress[receipt.node]?.phase,
            request.upgrade == receipt.upgrade, request.step == receipt.step, request.attempt == receipt.attempt
        else { return }
        request.startedAt = receipt.at
        state.active?.progress[receipt.node]?.phase = .running(request)
    }

    private static func applyFailure(_ failure: NodeStepFailure, to state: inout ClusterUpgradeState) {
        guard let progress = state.active?.progress[failure.node], case .running(let request) = progress.phase else {
            return
        }
        state.active?.progress[failure.node]?.phase =
            failure.willRetry
            ? .betweenSteps(nextStep: request.stepIndex, attempt: request.attempt + 1)
            : .failed(step: failure.step)
        // An agent that reports a failed cordon says the node is not cordoned, one that reports a
        // failed removal that the node is still in the cluster, and one that reports a failed
        // replacement that no replacement is up; a timeout says nothing.
        if failure.step == .cordon, failure.idempotencyKey != nil {
            state.active?.progress[failure.node]?.cordonUnanswered = false
        }
        if failure.step == .removeNode, failure.idempotencyKey != nil {
            state.active?.progress[failure.node]?.removalUnanswered = false
        }
        if failure.step == .provisionReplacement, failure.idempotencyKey != nil {
            state.active?.progress[failure.node]?.replacementUnanswered = false
        }
    }
}
