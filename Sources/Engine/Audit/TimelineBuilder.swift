import UpgradeDomain

/// Turns an upgrade's events into timeline rows: pairs each step request with its report, and
/// each wait (approval, deferral, pause) with its end.
struct TimelineBuilder {
    private(set) var rows: [TimelineRow] = []
    private(set) var accepted: AcceptedUpgrade?
    private(set) var outcome: String?
    private(set) var endedMs: Int64?
    private var openSteps: [String: Int] = [:]
    private var approvalRequestedMs: Int64?
    private var deferredMs: Int64?
    private var pausedMs: Int64?

    mutating func add(_ event: UpgradeEvent, at position: UInt64) {
        switch event {
        case .profileChangeAccepted(let accepted):
            self.accepted = accepted
            let change = accepted.change
            milestone("accepted", position, accepted.at, detail:
                "\(change.behavior.rawValue) to \(change.target.name) \(change.target.version), \(accepted.plan.nodes.count) nodes, requested by \(change.requestedBy)")
        case .repaveApprovalRequested(_, let at):
            approvalRequestedMs = at.millisecondsSinceEpoch
            milestone("approval-requested", position, at)
        case .repaveApproved(let decision):
            milestone("approved", position, decision.at, since: approvalRequestedMs, detail: SaidText.of(decision.actor, decision.comment))
        case .repaveDenied(let decision):
            milestone("denied", position, decision.at, since: approvalRequestedMs, detail: SaidText.of(decision.actor, decision.comment))
        case .upgradeDeferred(let reason, let at):
            deferredMs = at.millisecondsSinceEpoch
            milestone("deferred", position, at, detail: reason.rawValue)
        case .upgradeResumedAfterDeferral(let at):
            milestone("resumed-after-deferral", position, at, since: deferredMs)
        case .upgradePaused(let action):
            pausedMs = action.at.millisecondsSinceEpoch
            milestone("paused", position, action.at, detail: SaidText.of(action.actor, action.comment))
        case .upgradeResumed(let action):
            milestone("resumed", position, action.at, since: pausedMs, detail: SaidText.of(action.actor, action.comment))
        case .nodeStepStarted(let request):
            openSteps[key(request.node, request.step, request.attempt)] = rows.count
            rows.append(TimelineRow(
                kind: .step, position: position, name: request.step.rawValue, node: request.node.rawValue,
                attempt: request.attempt, startedMs: request.requestedAt.millisecondsSinceEpoch, outcome: "running"))
        case .nodeStepSucceeded(let success):
            close(key(success.node, success.step, success.attempt), at: success.at, outcome: "succeeded", detail: "")
        case .nodeStepFailed(let failure):
            close(key(failure.node, failure.step, failure.attempt), at: failure.at,
                  outcome: failure.willRetry ? "retried" : "failed", detail: failure.error.description)
        case .upgradeSucceeded(let success):
            end("succeeded", position, success.at, detail: "runs \(success.target.name) \(success.target.version)")
        case .upgradeFailed(let failure):
            end("failed", position, failure.at, detail:
                "\(failure.node.rawValue) \(failure.step.rawValue) after \(failure.attempts) tries: \(failure.error)\(cordoned(failure.cordonedNodes))\(LeftNodesText.of(failure))")
        case .upgradeCancelled(let cancellation):
            let why = cancellation.reason == .repaveDenied ? "repave denied" : "cancelled"
            end("cancelled", position, cancellation.by.at, detail:
                "\(why), \(SaidText.of(cancellation.by.actor, cancellation.by.comment))\(cordoned(cancellation.cordonedNodes))\(LeftNodesText.of(cancellation))")
        case .clusterRegistered, .clusterStatusChanged, .kubernetesHealthChanged, .profileChangeQueued,
             .queuedProfileChangeDropped, .queuedProfileChangeWithdrawn, .nodeStepStartReported, .nodeFinished, .commandRefused:
            break
        }
    }

    private func key(_ node: NodeID, _ step: NodeStep, _ attempt: Int) -> String {
        "\(node.rawValue)\u{0}\(step.rawValue)\u{0}\(attempt)"
    }

    private mutating func close(_ key: String, at: Timestamp, outcome: String, detail: String) {
        guard let index = openSteps.removeValue(forKey: key) else { return }
        rows[index].endedMs = at.millisecondsSinceEpoch
        rows[index].outcome = outcome
        rows[index].detail = detail
    }

    private mutating func milestone(_ name: String, _ position: UInt64, _ at: Timestamp, since: Int64? = nil, detail: String = "") {
        let ms = at.millisecondsSinceEpoch
        rows.append(TimelineRow(kind: .milestone, position: position, name: name, startedMs: since ?? ms,
                                endedMs: since == nil ? nil : ms, detail: detail))
    }

    private mutating func end(_ name: String, _ position: UInt64, _ at: Timestamp, detail: String) {
        outcome = name
        endedMs = at.millisecondsSinceEpoch
        // Steps still running when the upgrade ended get no report after it: they end with it.
        for index in openSteps.values.sorted() {
            rows[index].endedMs = endedMs
            rows[index].outcome = name == "cancelled" ? "cancelled" : "abandoned"
            rows[index].detail = "still running when the upgrade was \(name)"
        }
        openSteps.removeAll()
        milestone(name, position, at, since: accepted?.at.millisecondsSinceEpoch, detail: detail)
    }

    private func cordoned(_ nodes: [NodeID]) -> String {
        nodes.isEmpty ? "" : "; cordoned: " + nodes.map(\.rawValue).joined(separator: ", ")
    }
}
