extension TemplateUpgradeDecider {
    /// Folds one watch event. Ignored (no events): before registration, BOOKMARK and ERROR,
    /// objects of other clusters or namespaces, duplicates (same uid and resourceVersion), and
    /// any event for a uid already reported DELETED (a late MODIFIED cannot bring it back).
    ///
    /// While an upgrade is in progress the new observation is judged, in this order:
    /// a failure shown by the observed object fails the upgrade; otherwise rollout evidence,
    /// progress, success (with telemetry) and finally the no-progress deadline.
    ///
    /// Progress (resets the deadline): the count of up-to-date ready machines increases, a
    /// Machine appears or is deleted, or a Machine's phase changes.
    ///
    /// Decides and applies in one go: `state` ends as the events folded over it. Judging costs
    /// the same whatever the number of machines (``TemplateRolloutTally``), unless the deadline
    /// has passed and the full view must name what is waiting.
    static func observe(
        _ event: CAPIWatchEvent, at: TemplateInstant, _ state: inout TemplateUpgradeState
    ) -> [TemplateUpgradeEvent] {
        guard let deployment = state.deployment, let object = event.object,
              belongs(object, to: deployment), !state.isStale(event) else { return [] }
        let observed = TemplateUpgradeEvent.objectObserved(event, at: at)
        guard let upgrade = state.upgrade, upgrade.isInProgress else {
            evolve(&state, by: observed)
            return [observed]
        }
        let machineChanged = machineChanged(event, before: state)
        var events = [observed]
        evolve(&state, by: observed)
        if !event.isDeletion, let finding = CAPIFailureRule.finding(in: object) {
            let failed = TemplateUpgradeEvent.upgradeFailed(TemplateUpgradeFailure(
                upgradeId: upgrade.id, objectKind: object.kind.name, objectName: object.qualifiedName,
                cause: finding.cause, reason: finding.reason, message: finding.message, at: at))
            evolve(&state, by: failed)
            return events + [failed]
        }
        if let warning = singleNodeWarning(state, at: at) {
            events.append(.upgradeWarned(warning))
            evolve(&state, by: .upgradeWarned(warning))
        }
        // Judged on the state after the observation (and warning); what follows is applied last.
        let view = rolloutFigures(state, start: upgrade.start)
        var judged: [TemplateUpgradeEvent] = []
        var rolloutObserved = upgrade.rolloutObserved
        if !rolloutObserved && view.rolloutEvidence {
            rolloutObserved = true
            judged.append(.rolloutDetected(upgradeId: upgrade.id, at: at))
        }
        let advanced = view.machinesUpdated > upgrade.progress.machinesUpdated || machineChanged
        let countsChanged = view.machinesUpdated != upgrade.progress.machinesUpdated
            || view.machinesTotal != upgrade.progress.machinesTotal
        if advanced || countsChanged {
            judged.append(.upgradeProgressed(TemplateUpgradeProgress(
                upgradeId: upgrade.id, machinesUpdated: view.machinesUpdated,
                machinesTotal: view.machinesTotal, advanced: advanced, at: at)))
        }
        if rolloutObserved && view.isComplete {
            judged += succeeded(upgrade, machinesUpdated: view.machinesUpdated, machinesTotal: view.machinesTotal,
                                settled: false, deployment, at: at)
        } else if !advanced, let current = state.upgrade,
                  let expiry = deadlineEvents(current, state, rolloutObserved: rolloutObserved, now: at) {
            judged += expiry
        }
        for event in judged { evolve(&state, by: event) }
        return events + judged
    }

    /// The rollout's counts, evidence and completion for the upgrade that started with `start`:
    /// from the state's tally when it keeps one for that upgrade, else from the full view.
    static func rolloutFigures(_ state: TemplateUpgradeState, start: TemplateUpgradeStart) -> TemplateRolloutFigures {
        if let tally = state.rollout, tally.start.upgradeId == start.upgradeId, tally.start.at == start.at {
            return tally.figures(in: state)
        }
        return TemplateRolloutView(state: state, start: start).figures
    }

    /// Checks the no-progress deadline at `now`. The clock does not run while the watched
    /// Cluster's `RemoteConnectionProbe` is False (ADR 0028).
    static func tick(now: TemplateInstant, _ state: TemplateUpgradeState) -> [TemplateUpgradeEvent] {
        guard let upgrade = state.upgrade, upgrade.isInProgress else { return [] }
        return deadlineEvents(upgrade, state, rolloutObserved: upgrade.rolloutObserved, now: now) ?? []
    }

    /// When the deadline has passed: success if everything is up to date once owners that never
    /// took the change are taken to be ones it does not touch (a change that rolled no machine
    /// at all, or only those of some owners); otherwise failure naming what is still waiting.
    /// Time while the watched Cluster's `RemoteConnectionProbe` was False does not count
    /// (``TemplateUpgrade/noProgressMilliseconds(at:)``), and the failure says how much was left out.
    private static func deadlineEvents(
        _ upgrade: TemplateUpgrade, _ state: TemplateUpgradeState, rolloutObserved: Bool, now: TemplateInstant
    ) -> [TemplateUpgradeEvent]? {
        guard let deployment = state.deployment else { return nil }
        let deadline = deployment.noProgressDeadlineMilliseconds
        guard upgrade.noProgressMilliseconds(at: now) >= deadline else { return nil }
        let view = TemplateRolloutView(state: state, start: upgrade.start, acceptingUntouchedOwners: true)
        if view.isComplete {
            return succeeded(upgrade, machinesUpdated: view.machinesUpdated, machinesTotal: view.machinesTotal,
                             settled: !rolloutObserved, deployment, at: now)
        }
        var waiting = view.waitingOn.prefix(3).joined(separator: ", ")
        if view.waitingOn.count > 3 { waiting += " and \(view.waitingOn.count - 3) more" }
        if !view.clusterAvailable { waiting += waiting.isEmpty ? "cluster availability" : "; cluster availability" }
        var message = "\(view.machinesUpdated) of \(view.machinesTotal) machines updated"
            + (waiting.isEmpty ? "" : "; waiting on \(waiting)")
        if let onDelete = onDeleteNote(state, waitingOn: view.waitingOn) { message += "; \(onDelete)" }
        let held = now.milliseconds(since: upgrade.lastProgressAt).saturatingSubtracting(upgrade.noProgressMilliseconds(at: now))
        if held > 0 { message += "; not counting \(held / 1000)s while the Cluster's RemoteConnectionProbe was False" }
        let name = deployment.namespace.map { "\($0)/\(deployment.clusterName)" } ?? deployment.clusterName
        return [.upgradeFailed(TemplateUpgradeFailure(
            upgradeId: upgrade.id, objectKind: "Cluster", objectName: name,
            cause: .noProgress(deadlineMilliseconds: deadline, lastProgressAt: upgrade.lastProgressAt),
            reason: "ProgressDeadlineExceeded", message: message, at: now))]
    }

    static func succeeded(
        _ upgrade: TemplateUpgrade, machinesUpdated: Int, machinesTotal: Int, settled: Bool,
        _ deployment: TemplateDeployment, at: TemplateInstant
    ) -> [TemplateUpgradeEvent] {
        var events: [TemplateUpgradeEvent] = [.upgradeSucceeded(TemplateUpgradeCompletion(
            upgradeId: upgrade.id, machinesUpdated: machinesUpdated,
            machinesTotal: machinesTotal, settledWithoutRollout: settled, at: at))]
        if upgrade.telemetry == nil {
            events.append(.telemetryRecorded(TemplateUpgradeTelemetry(
                clusterId: deployment.clusterId, targetInfrastructure: deployment.targetInfrastructure,
                template: upgrade.start.toTemplate)))
        }
        return events
    }

    /// Names the MachineDeployments with the `OnDelete` strategy that hold machines still
    /// waiting: Cluster API replaces such a machine only once someone deletes it, so the stall is
    /// theirs to end, not a rollout that broke.
    static func onDeleteNote(_ state: TemplateUpgradeState, waitingOn: [String]) -> String? {
        let waiting = Set(waitingOn)
        let names = state.objects.values
            .filter { $0.kind == .machineDeployment && $0.rolloutStrategy == "OnDelete" }
            .filter { owner in
                state.machines.contains {
                    $0.namespace == owner.namespace && $0.deploymentName == owner.name && waiting.contains($0.qualifiedName)
                }
            }
            .map(\.qualifiedName).sorted()
        guard !names.isEmpty else { return nil }
        let subject = names.count == 1 ? "MachineDeployment \(names[0]) rolls out" : "MachineDeployments \(names.joined(separator: ", ")) roll out"
        return "\(subject) OnDelete: Cluster API replaces an old machine only once it is deleted (kubectl delete machine …)"
    }

    /// True for a Machine that appeared, was deleted, or changed phase.
    private static func machineChanged(_ event: CAPIWatchEvent, before state: TemplateUpgradeState) -> Bool {
        guard let object = event.object, object.kind == .machine else { return false }
        guard let previous = state.objects[object.uid] else { return !event.isDeletion }
        return event.isDeletion || previous.phase != object.phase
    }

    /// True when `object` belongs to the deployment's cluster (and namespace, when set).
    public static func belongs(_ object: CAPIObject, to deployment: TemplateDeployment) -> Bool {
        if let namespace = deployment.namespace, object.namespace != namespace { return false }
        return object.clusterName == deployment.clusterName
    }
}
