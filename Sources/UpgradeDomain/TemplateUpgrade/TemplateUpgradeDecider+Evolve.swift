extension TemplateUpgradeDecider {
    /// Applies one event to a state. Total: an event that does not fit (e.g. for another
    /// upgrade id) leaves the state as it is.
    public static func evolve(
        _ state: TemplateUpgradeState, _ event: TemplateUpgradeEvent
    ) -> TemplateUpgradeState {
        var next = state
        evolve(&next, by: event)
        return next
    }

    /// Applies one event to a state in place: what `evolve(state, event)` returns, without
    /// copying the state's objects (a fold over a long stream, or a shell that keeps its state).
    public static func evolve(_ next: inout TemplateUpgradeState, by event: TemplateUpgradeEvent) {
        switch event {
        case .deploymentRegistered(let deployment, _):
            next.deployment = deployment
        case .upgradePathsDeclared(let paths, _):
            next.deployment?.upgradePaths = paths
        case .commandRefused:
            break
        case .upgradeStarted(var start):
            next.deployment?.template = start.toTemplate
            next.deployment?.variables = start.toVariables
            // Recorded before the owners' generations were kept: they are the ones observed then.
            if start.baselineOwnerGenerations == nil { start.baselineOwnerGenerations = next.ownerGenerations }
            next.upgrade = TemplateUpgrade(start: start)
            // An upgrade started while the Cluster's API probe fails starts with its clock held.
            if next.watchedClusterProbeFails { next.upgrade?.probe(failing: true, at: start.at) }
            next.startedUpgradeIds[start.upgradeId] = next.startedUpgradeIds[start.upgradeId] ?? start.toTemplate
            next.rollout = TemplateRolloutTally(start: start, objects: next.objects)
        case .upgradeWarned(let warning):
            next.updateUpgrade(warning.upgradeId) { $0.warnings.append(warning) }
        case .objectObserved(let watchEvent, let at):
            next.apply(watchEvent)
            next.noteProbe(of: watchEvent, at: at)
        case .rolloutDetected(let upgradeId, _):
            next.updateUpgrade(upgradeId) { $0.rolloutObserved = true }
        case .upgradeProgressed(let progress):
            next.updateUpgrade(progress.upgradeId) { upgrade in
                upgrade.progress = progress
                if progress.advanced { upgrade.advanced(at: progress.at) }
            }
        case .upgradeSucceeded(let completion):
            next.updateUpgrade(completion.upgradeId) { $0.outcome = .succeeded(completion) }
        case .upgradeFailed(let failure):
            next.updateUpgrade(failure.upgradeId) { $0.outcome = .failed(failure) }
        case .telemetryRecorded(let telemetry):
            next.upgrade?.telemetry = telemetry
        }
        if next.rollout != nil && next.upgrade?.isInProgress != true { next.rollout = nil }
    }
}

extension TemplateUpgradeState {
    mutating func updateUpgrade(_ upgradeId: String, _ change: (inout TemplateUpgrade) -> Void) {
        guard var current = upgrade, current.id == upgradeId else { return }
        change(&current)
        upgrade = current
    }

    /// The watched Cluster: the Cluster object named after the deployment's cluster.
    func isWatchedCluster(_ object: CAPIObject) -> Bool {
        object.kind == .cluster && object.name == deployment?.clusterName
    }

    /// True when the watched Cluster is live and its v1beta2 `RemoteConnectionProbe` condition
    /// (in `status.conditions`, or v1beta1's `status.v1beta2.conditions`) is False: Cluster API
    /// cannot reach the workload cluster's API, so the rollout cannot move (ADR 0025, ADR 0028).
    var watchedClusterProbeFails: Bool {
        objects.values.contains { isWatchedCluster($0) && Self.probeFails($0) }
    }

    static func probeFails(_ cluster: CAPIObject) -> Bool {
        cluster.condition("RemoteConnectionProbe", flavor: .v1beta2)?.status == .false
    }

    /// Holds or resumes the upgrade's no-progress clock when the folded watch event is of the
    /// watched Cluster: held while its probe fails; resumed when the probe succeeds, is no longer
    /// reported, or the Cluster is gone.
    mutating func noteProbe(of event: CAPIWatchEvent, at: TemplateInstant) {
        guard let object = event.object, isWatchedCluster(object), upgrade?.isInProgress == true else { return }
        let failing = objects[object.uid].map(Self.probeFails) ?? false
        upgrade?.probe(failing: failing, at: at)
    }

    /// Folds one watch event. A uid reported DELETED stays deleted: an observation of it that
    /// an older build recorded after its deletion is not applied.
    mutating func apply(_ event: CAPIWatchEvent) {
        guard let object = event.object, !deletedUIDs.contains(object.uid) else { return }
        lastResourceVersions[object.uid] = object.resourceVersion
        let previous: CAPIObject?
        if event.isDeletion {
            previous = objects.removeValue(forKey: object.uid)
            deletedUIDs.insert(object.uid)
        } else {
            previous = objects.updateValue(object, forKey: object.uid)
        }
        rollout?.replace(previous, with: event.isDeletion ? nil : object, in: objects)
    }
}
