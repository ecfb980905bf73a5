extension ClusterUpgradeDecider {
    /// An agent's answer. A key already seen emits nothing; a report for a step that is not
    /// running is refused. A step ends no earlier than it was requested: a report timed before
    /// (the step was requested at an agent's time ahead of this clock) counts at the request's time.
    /// What follows (the next steps, a retry) is requested when the report was received, if that
    /// is later: a report held up on its way must not eat into the next step's time.
    static func reportNodeStep(_ report: NodeStepReport, _ r: inout EventRecorder) throws(RefusalReason) {
        guard let request = try reportedRequest(node: report.node, step: report.step, attempt: report.attempt,
                                                upgrade: report.upgrade, key: report.idempotencyKey, r)
        else { return }
        let at = max(report.at, request.requestedAt)
        let next = max(at, report.receivedAt ?? at)
        switch report.outcome {
        case .succeeded:
            r.record(.nodeStepSucceeded(NodeStepSuccess(
                upgrade: request.upgrade, node: request.node, step: request.step, attempt: request.attempt,
                idempotencyKey: report.idempotencyKey, at: at)))
            if isFinished(report.node, r) {
                r.record(.nodeFinished(upgrade: request.upgrade, node: report.node, at: at))
            }
            advance(at: next, &r)
        case .failed(let message):
            fail(request, error: .reported(message), key: report.idempotencyKey, at: at, nextAt: next, &r)
        }
    }

    /// An agent began a step. Accepted only for the step running on that node (and its current
    /// try); a key already seen, or a second start of the same try, emits nothing. The deadline
    /// stays the request's: a start neither extends nor shortens it.
    static func reportNodeStepStarted(_ report: NodeStepStartReport, _ r: inout EventRecorder) throws(RefusalReason) {
        guard let request = try reportedRequest(node: report.node, step: report.step, attempt: report.attempt,
                                                upgrade: report.upgrade, key: report.idempotencyKey, r),
            request.startedAt == nil
        else { return }
        r.record(.nodeStepStartReported(NodeStepStartReceipt(
            upgrade: request.upgrade, node: request.node, step: request.step, attempt: request.attempt,
            idempotencyKey: report.idempotencyKey, at: max(report.at, request.requestedAt))))
    }

    /// Whether the node finished every step of the upgrade under way (read without copying the state).
    private static func isFinished(_ node: NodeID, _ r: borrowing EventRecorder) -> Bool {
        guard let slot = r.state.active?.progress.slot(of: node) else { return false }
        return r.state.active?.progress[slot: slot].isFinished == true
    }

    /// The running request an agent's report is about; nil when its key was seen already (the
    /// repeat emits nothing). Refused without a key, without an upgrade, for another upgrade than
    /// the one under way, an unknown node, a step that is not running on it, or an older try.
    /// Reads the state field by field, so no copy of the upgrade outlives the check.
    private static func reportedRequest(
        node: NodeID, step: NodeStep, attempt: Int?, upgrade: Int?, key: String, _ r: borrowing EventRecorder
    ) throws(RefusalReason) -> NodeActionRequest? {
        try requireRegistered(r.state)
        guard !key.isEmpty else { throw .missingIdempotencyKey }
        if r.state.isRepeatedReport(key: key, upgrade: upgrade) { return nil }
        guard r.state.hasActiveUpgrade else { throw .noUpgradeInProgress }
        if let upgrade, let current = r.state.active?.number, upgrade != current {
            throw .otherUpgrade(node: node, step: step, reported: upgrade, current: current)
        }
        guard let phase = r.state.active?.progress[node]?.phase else { throw .unknownNode(node) }
        guard case .running(let request) = phase, request.step == step else {
            throw .stepNotInFlight(node: node, step: step)
        }
        if let attempt, attempt != request.attempt {
            throw .staleAttempt(node: node, step: step, reported: attempt, current: request.attempt)
        }
        return request
    }

    /// Time passed: every requested step whose deadline is at or before `now` times out.
    static func tick(now: Timestamp, _ r: inout EventRecorder) {
        // Most ticks find nothing overdue: check that before listing the requests in plan order.
        guard r.state.active?.hasStepDue(by: now) == true, let active = r.state.active else { return }
        for request in active.requestedNodeActions where request.deadline <= now {
            guard let current = r.state.active, current.number == active.number,
                case .running(let stillRunning) = current.progress[request.node]?.phase,
                stillRunning == request
            else { continue }
            fail(request, error: .timedOut(deadline: request.deadline), key: nil, at: now, &r)
        }
    }

    /// Retries the step if the policy allows, else fails the upgrade and stops progression. The
    /// failure is recorded at `at`; a retry, or a queued change planned after it, at `nextAt`.
    static func fail(
        _ request: NodeActionRequest, error: StepError, key: String?, at: Timestamp, nextAt: Timestamp? = nil,
        _ r: inout EventRecorder
    ) {
        let willRetry = request.attempt <= r.state.policy.maxRetries
        r.record(.nodeStepFailed(NodeStepFailure(
            upgrade: request.upgrade, node: request.node, step: request.step, attempt: request.attempt,
            error: error, idempotencyKey: key, willRetry: willRetry, at: at)))
        if willRetry {
            advance(at: nextAt ?? at, &r)
            return
        }
        guard let active = r.state.active else { return }
        r.record(.upgradeFailed(UpgradeFailure(
            upgrade: request.upgrade, target: active.accepted.change.target, node: request.node,
            step: request.step, attempts: request.attempt, error: error, at: at,
            cordonedNodes: active.nodesLeftCordonedIfEnded,
            removedNodes: active.removedNodes, replacementsLeft: active.nodesWithReplacementUp,
            removalsUnknown: active.nodesRemovalUnanswered, replacementsUnknown: active.nodesReplacementUnanswered)))
        promoteQueued(at: nextAt ?? at, abandoned: active.accepted.change, failed: true, &r)
    }
}
