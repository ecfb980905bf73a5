/// The decider for upgrades of one template-based deployment.
///
/// `decide(command, state) -> [event]` is pure; `evolve(state, event) -> state` is total;
/// ``TemplateUpgradeState/initial`` is the explicit start; `fold` rebuilds state from events.
/// A refused command yields one `commandRefused` event and changes nothing; an idempotent
/// repeat (same template and variables under the same upgrade id, or after the upgrade to them
/// succeeded; a duplicate observation) yields no events. The same template and variables after
/// the latest upgrade to them failed, under another upgrade id, is a retry: a new upgrade watching
/// the same rollout (the failed one's baseline); while that upgrade is still in progress, under
/// another upgrade id, it is refused (`upgradeInProgress`, `sameChange`). A change before any object
/// of the deployment's cluster was observed is refused (`noClusterAPIStatusObserved`): the start's
/// baseline would be empty (ADR 0016).
///
/// Changes while an upgrade is in progress are **refused**, not queued: Cluster API is already
/// rolling machines toward the in-flight target, a queued change would be validated against a
/// template the cluster has not reached, and operators asked for an upgrading status precisely
/// so that concurrent changes can be refused. A change after the upgrade succeeded or failed
/// is accepted (after a failure it is the way to fix forward or roll back, subject to paths).
/// Each upgrade carries its own id — the correlation id of its events derives from it — so a change
/// reusing the id of an earlier upgrade of the deployment is refused rather than merged with it.
public enum TemplateUpgradeDecider {
    /// Decides what happens when `command` meets `state`.
    public static func decide(
        _ command: TemplateUpgradeCommand, _ state: TemplateUpgradeState
    ) -> [TemplateUpgradeEvent] {
        switch command {
        case .register(let deployment, let at):
            return register(deployment, at: at, state)
        case .declareUpgradePaths(let paths, let at):
            guard let deployment = state.deployment else {
                return [refused("declareUpgradePaths", .notRegistered, at: at)]
            }
            return deployment.upgradePaths == paths ? [] : [.upgradePathsDeclared(paths, at: at)]
        case .changeDeployment(let change):
            return changeDeployment(change, state)
        case .observe(let event, let at):
            // Judged on a copy: `decide` leaves its state as it is (`decideAndApply` does not).
            var copy = state
            return observe(event, at: at, &copy)
        case .tick(let now):
            return tick(now: now, state)
        }
    }

    /// Decides `command` and folds its events into `state` in place: the same events as
    /// `decide(command, state)`, and `state` ends as `fold(events, from: state)` would. A shell
    /// that keeps its state (and holds the only reference to it) uses this one, so that an
    /// observation does not copy the observed objects.
    public static func decideAndApply(
        _ command: TemplateUpgradeCommand, to state: inout TemplateUpgradeState
    ) -> [TemplateUpgradeEvent] {
        if case .observe(let event, let at) = command { return observe(event, at: at, &state) }
        let events = decide(command, state)
        for event in events { evolve(&state, by: event) }
        return events
    }

    /// Folds `events` over `state` (the initial state by default).
    public static func fold(
        _ events: [TemplateUpgradeEvent], from state: TemplateUpgradeState = .initial
    ) -> TemplateUpgradeState {
        events.reduce(into: state) { evolve(&$0, by: $1) }
    }

    private static func register(
        _ deployment: TemplateDeployment, at: TemplateInstant, _ state: TemplateUpgradeState
    ) -> [TemplateUpgradeEvent] {
        if let existing = state.deployment {
            return existing == deployment ? [] : [refused("register", .alreadyRegistered, at: at)]
        }
        guard !deployment.template.isEmpty else { return [refused("register", .emptyTemplateName, at: at)] }
        return [.deploymentRegistered(deployment, at: at)]
    }

    private static func changeDeployment(
        _ change: TemplateDeploymentChange, _ state: TemplateUpgradeState
    ) -> [TemplateUpgradeEvent] {
        let command = "changeDeployment"
        guard let deployment = state.deployment else {
            return [refused(command, .notRegistered, upgradeId: change.upgradeId, at: change.at)]
        }
        guard !change.template.isEmpty else {
            return [refused(command, .emptyTemplateName, upgradeId: change.upgradeId, at: change.at)]
        }
        // The template and variables the deployment already has: a repeat, unless the latest
        // upgrade to them failed or is still rolling out and this change names another upgrade.
        // After a failure that is a retry: the rollout Cluster API is still driving gets watched
        // again under the new id. While it rolls out, the change is refused naming the upgrade
        // under way: merged into it silently, the caller's id would name nothing.
        var retried: TemplateUpgrade?
        if deployment.template == change.template && deployment.variables == change.variables {
            guard let latest = state.upgrade, latest.id != change.upgradeId else { return [] }
            switch latest.outcome {
            case .succeeded: return []
            case .failed: retried = latest
            case .inProgress:
                let reason = TemplateUpgradeRefusal.Reason.upgradeInProgress(
                    upgradeId: latest.id, target: latest.start.toTemplate, sameChange: true)
                return [refused(command, reason, upgradeId: change.upgradeId, at: change.at)]
            }
        }
        if let upgrade = state.upgrade, upgrade.isInProgress {
            let reason = TemplateUpgradeRefusal.Reason.upgradeInProgress(
                upgradeId: upgrade.id, target: upgrade.start.toTemplate)
            return [refused(command, reason, upgradeId: change.upgradeId, at: change.at)]
        }
        if let earlierTarget = state.startedUpgradeIds[change.upgradeId] {
            let reason = TemplateUpgradeRefusal.Reason.upgradeIdReused(upgradeId: change.upgradeId, earlierTarget: earlierTarget)
            return [refused(command, reason, upgradeId: change.upgradeId, at: change.at)]
        }
        if let reason = TemplateUpgradePath.refusal(
            from: deployment.template, to: change.template, paths: deployment.upgradePaths) {
            return [refused(command, reason, upgradeId: change.upgradeId, at: change.at)]
        }
        // The start's baseline (machines and owner generations from before the change) is what
        // has been observed: with nothing observed it would be empty, and the old machines, once
        // watched, would pass for the rollout's new ones.
        guard state.hasObservedClusterAPI else {
            let reason = TemplateUpgradeRefusal.Reason.noClusterAPIStatusObserved(deployment: deployment.clusterId)
            return [refused(command, reason, upgradeId: change.upgradeId, at: change.at)]
        }
        let start: TemplateUpgradeStart
        if let retried {
            // The same rollout as the failed upgrade's: its start's baseline (the machines and
            // owner generations from before that change) still tells old from new, so machines
            // the failed try created count as replacements and owners that took the change then
            // have taken it.
            let earlier = retried.start
            start = TemplateUpgradeStart(
                upgradeId: change.upgradeId, fromTemplate: earlier.fromTemplate, toTemplate: change.template,
                fromVariables: earlier.fromVariables, toVariables: change.variables,
                targetKubernetesVersion: change.targetKubernetesVersion ?? earlier.targetKubernetesVersion,
                baselineMachineUIDs: earlier.baselineMachineUIDs,
                baselineOwnerGenerations: earlier.baselineOwnerGenerations, at: change.at)
        } else {
            start = TemplateUpgradeStart(
                upgradeId: change.upgradeId, fromTemplate: deployment.template, toTemplate: change.template,
                fromVariables: deployment.variables, toVariables: change.variables,
                targetKubernetesVersion: change.targetKubernetesVersion, baselineMachineUIDs: state.machines.map(\.uid),
                baselineOwnerGenerations: state.ownerGenerations, at: change.at)
        }
        var events: [TemplateUpgradeEvent] = [.upgradeStarted(start)]
        var started = evolve(state, .upgradeStarted(start))
        if let warning = singleNodeWarning(started, at: change.at) {
            events.append(.upgradeWarned(warning))
            started = evolve(started, .upgradeWarned(warning))
        }
        if retried != nil { events += judgedAtRetry(started, at: change.at) }
        return events
    }

    /// A retry is judged on what was observed already: Cluster API may have finished the rollout
    /// after the failed try gave up, and no further watch event need come to say so.
    private static func judgedAtRetry(_ state: TemplateUpgradeState, at: TemplateInstant) -> [TemplateUpgradeEvent] {
        guard let upgrade = state.upgrade, let deployment = state.deployment else { return [] }
        let view = TemplateRolloutView(state: state, start: upgrade.start)
        var events: [TemplateUpgradeEvent] = []
        if view.rolloutEvidence { events.append(.rolloutDetected(upgradeId: upgrade.id, at: at)) }
        if view.machinesUpdated != upgrade.progress.machinesUpdated || view.machinesTotal != upgrade.progress.machinesTotal {
            events.append(.upgradeProgressed(TemplateUpgradeProgress(
                upgradeId: upgrade.id, machinesUpdated: view.machinesUpdated,
                machinesTotal: view.machinesTotal, advanced: false, at: at)))
        }
        if view.rolloutEvidence && view.isComplete {
            events += succeeded(upgrade, machinesUpdated: view.machinesUpdated, machinesTotal: view.machinesTotal,
                                settled: false, deployment, at: at)
        }
        return events
    }

    /// The single-node control plane warning, when it applies and was not yet raised.
    ///
    /// The observed control plane decides: once one with a replica count (`spec.replicas`, else
    /// `status.replicas`) is seen, that count is what the rollout does, whatever the deployment
    /// declares. The declared `controlPlaneReplicas` is used only until then.
    static func singleNodeWarning(_ state: TemplateUpgradeState, at: TemplateInstant) -> TemplateUpgradeWarning? {
        guard let upgrade = state.upgrade, upgrade.isInProgress,
              !upgrade.hasWarning(.singleNodeControlPlane) else { return nil }
        // The tally knows the owners of machines (control planes among them): no need to look
        // through every machine for them.
        let candidates = state.rollout?.owners(in: state.objects) ?? Array(state.objects.values)
        let observed = candidates
            .filter { if case .controlPlane = $0.kind { true } else { false } }
            .sorted { ($0.namespace, $0.name, $0.uid) < ($1.namespace, $1.name, $1.uid) }
            .compactMap { plane in (plane.replicas.desired ?? plane.replicas.current).map { (plane, $0) } }
        let subject: String
        if observed.isEmpty {
            guard state.deployment?.controlPlaneReplicas == 1 else { return nil }
            subject = "the deployment declares 1 control plane replica"
        } else {
            guard let (single, _) = observed.first(where: { $0.1 == 1 }) else { return nil }
            subject = "\(single.kind.name) \(single.qualifiedName) has 1 replica"
        }
        return TemplateUpgradeWarning(
            upgradeId: upgrade.id, kind: .singleNodeControlPlane,
            message: "\(subject): etcd can lose quorum while the control plane machine is replaced",
            at: at)
    }

    static func refused(
        _ command: String, _ reason: TemplateUpgradeRefusal.Reason, upgradeId: String? = nil,
        at: TemplateInstant
    ) -> TemplateUpgradeEvent {
        .commandRefused(TemplateUpgradeRefusal(command: command, upgradeId: upgradeId, reason: reason, at: at))
    }
}
