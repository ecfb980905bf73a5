extension ClusterUpgradeDecider {
    static func approveRepave(
        actor: String, comment: String, separateFromRequester: Bool, at: Timestamp, _ r: inout EventRecorder
    ) throws(RefusalReason) {
        let active = try activeUpgrade(r.state)
        guard case .pending = active.approval else { throw .noApprovalPending }
        guard isNamed(actor) else { throw .approvalNeedsNamedActor }
        if separateFromRequester && actor == active.accepted.change.requestedBy {
            throw .approverAskedForChange(actor: actor)
        }
        r.record(.repaveApproved(ApprovalDecision(actor: actor, comment: comment, at: at)))
        advance(at: at, &r)
    }

    static func denyRepave(actor: String, comment: String, at: Timestamp, _ r: inout EventRecorder) throws(RefusalReason) {
        let active = try activeUpgrade(r.state)
        guard case .pending = active.approval else { throw .noApprovalPending }
        guard isNamed(actor) else { throw .approvalNeedsNamedActor }
        r.record(.repaveDenied(ApprovalDecision(actor: actor, comment: comment, at: at)))
        r.record(.upgradeCancelled(UpgradeCancellation(
            upgrade: active.number, target: active.accepted.change.target, reason: .repaveDenied,
            by: OperatorAction(actor: actor, comment: comment, at: at), cordonedNodes: active.nodesLeftCordonedIfEnded,
            removedNodes: active.removedNodes, replacementsLeft: active.nodesWithReplacementUp,
            removalsUnknown: active.nodesRemovalUnanswered, replacementsUnknown: active.nodesReplacementUnanswered)))
        promoteQueued(at: at, abandoned: active.accepted.change, failed: false, &r)
    }

    static func pause(_ action: OperatorAction, _ r: inout EventRecorder) throws(RefusalReason) {
        let active = try activeUpgrade(r.state)
        guard isNamed(action.actor) else { throw .operatorActionNeedsNamedActor }
        guard active.paused == nil else { throw .alreadyPaused }
        r.record(.upgradePaused(action))
    }

    static func resume(_ action: OperatorAction, _ r: inout EventRecorder) throws(RefusalReason) {
        let active = try activeUpgrade(r.state)
        guard isNamed(action.actor) else { throw .operatorActionNeedsNamedActor }
        guard active.paused != nil else { throw .notPaused }
        r.record(.upgradeResumed(action))
        advance(at: action.at, &r)
    }

    static func cancel(_ action: OperatorAction, _ r: inout EventRecorder) throws(RefusalReason) {
        let active = try activeUpgrade(r.state)
        guard isNamed(action.actor) else { throw .operatorActionNeedsNamedActor }
        r.record(.upgradeCancelled(UpgradeCancellation(
            upgrade: active.number, target: active.accepted.change.target, reason: .operatorRequest,
            by: action, cordonedNodes: active.nodesLeftCordonedIfEnded,
            removedNodes: active.removedNodes, replacementsLeft: active.nodesWithReplacementUp,
            removalsUnknown: active.nodesRemovalUnanswered, replacementsUnknown: active.nodesReplacementUnanswered)))
        promoteQueued(at: action.at, abandoned: active.accepted.change, failed: false, &r)
    }
}
