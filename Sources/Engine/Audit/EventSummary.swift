import EventStore
import UpgradeDomain

/// One line saying what an upgrade event records, for the audit table: which node's step and how
/// it ended, who approved, why a command was refused. Other events, and data that does not decode
/// (`verify` names those), have none.
public enum EventSummary {
    public static func line(for recorded: RecordedEvent) -> String {
        if UpgradeEvent.typeNames.contains(recorded.type), let event = try? DomainEventCodec.decode(UpgradeEvent.self, from: recorded) {
            return line(for: event)
        }
        if TemplateUpgradeEvent.typeNames.contains(recorded.type),
           let event = try? DomainEventCodec.decode(TemplateUpgradeEvent.self, from: recorded) {
            return line(for: event)
        }
        if recorded.type == ProfileDocument.publishedType || recorded.type == ProfileDocument.editedType,
           let document = try? DomainEventCodec.decode(ProfileDocument.self, from: recorded) {
            return "\(document.name) \(document.version) (\(document.distribution)), \(CountText.of(document.packs.count, "pack"))"
        }
        return ""
    }

    public static func line(for event: UpgradeEvent) -> String {
        switch event {
        case .clusterRegistered(let cluster, _, _):
            let nodes = cluster.pools.reduce(0) { $0 + $1.nodes.count }
            return "\(cluster.kind.rawValue), \(CountText.of(nodes, "node")) in \(CountText.of(cluster.pools.count, "pool")), \(profile(cluster.profile))"
        case .clusterStatusChanged(let status, _): return "status \(status.rawValue)"
        case .kubernetesHealthChanged(let health, _): return "Kubernetes \(health.rawValue)"
        case .profileChangeAccepted(let accepted):
            let forced = accepted.forcedMinorSkip.map { skip in
                "; skips a minor (\(skip.from) → \(skip.to)), forced \(SaidText.of(skip.override.actor, skip.override.reason))"
            }
            return "upgrade #\(accepted.upgrade): \(change(accepted.change)), \(CountText.of(accepted.plan.nodes.count, "node"))\(forced ?? "")"
        case .profileChangeQueued(let queued, _): return "queued: \(change(queued))"
        case .queuedProfileChangeDropped(let dropped, let reason, _): return "dropped \(change(dropped)): \(RefusalText.describe(reason))"
        case .queuedProfileChangeWithdrawn(let withdrawn, let by, _):
            return "withdrawn \(change(withdrawn)): \(SaidText.of(by, "")), back to the version under way"
        case .repaveApprovalRequested(let upgrade, _): return "upgrade #\(upgrade) waits for a repave approval"
        case .repaveApproved(let decision), .repaveDenied(let decision): return SaidText.of(decision.actor, decision.comment)
        case .upgradeDeferred(let reason, _): return "deferred: \(reason.rawValue)"
        case .upgradeResumedAfterDeferral: return "resumed by itself"
        case .upgradePaused(let action), .upgradeResumed(let action): return SaidText.of(action.actor, action.comment)
        case .nodeStepStarted(let request): return "\(request.node) \(request.step.rawValue), try \(request.attempt)"
        case .nodeStepStartReported(let receipt): return "\(receipt.node) \(receipt.step.rawValue) began"
        case .nodeStepSucceeded(let success): return "\(success.node) \(success.step.rawValue) succeeded"
        case .nodeStepFailed(let failure):
            return "\(failure.node) \(failure.step.rawValue) failed, try \(failure.attempt): \(error(failure.error))\(failure.willRetry ? "; retried" : "")"
        case .nodeFinished(_, let node, _): return "\(node) done"
        case .upgradeSucceeded(let success): return "upgrade #\(success.upgrade) succeeded: runs \(profile(success.target))"
        case .upgradeFailed(let failure):
            return "upgrade #\(failure.upgrade) failed: \(failure.node) \(failure.step.rawValue) after \(CountText.of(failure.attempts, "try", plural: "tries")): \(error(failure.error))\(LeftNodesText.of(failure))"
        case .upgradeCancelled(let cancellation):
            let why = cancellation.reason == .repaveDenied ? "repave denied" : "cancelled"
            return "upgrade #\(cancellation.upgrade) \(why), \(SaidText.of(cancellation.by.actor, cancellation.by.comment))\(LeftNodesText.of(cancellation))"
        case .commandRefused(let refusal): return "\(refusal.command) refused: \(RefusalText.describe(refusal.reason))"
        }
    }

    public static func line(for event: TemplateUpgradeEvent) -> String {
        switch event {
        case .deploymentRegistered(let deployment, _): return "template \(deployment.template) on \(deployment.targetInfrastructure)"
        case .upgradePathsDeclared(let paths, _): return paths.map { "upgrade paths from \(CountText.of($0.count, "template"))" } ?? "any upgrade path"
        case .commandRefused(let refusal): return refusal.message
        case .upgradeStarted(let start):
            return "upgrade \(start.upgradeId): \(start.fromTemplate) → \(start.toTemplate)\(start.variablesChanged ? ", variables changed" : "")"
        case .upgradeWarned(let warning): return "warning: \(warning.message)"
        case .objectObserved(let watch, _):
            guard let object = watch.object else { return watch.typeName.lowercased() }
            return "\(watch.typeName.lowercased()) \(object.kind.name) \(object.name)"
        case .rolloutDetected(let upgradeId, _): return "upgrade \(upgradeId): machines rolling"
        case .upgradeProgressed(let progress): return "upgrade \(progress.upgradeId): \(progress.machinesUpdated) of \(progress.machinesTotal) machines"
        case .upgradeSucceeded(let completion): return "upgrade \(completion.upgradeId) succeeded: \(completion.machinesUpdated) of \(completion.machinesTotal) machines"
        case .upgradeFailed(let failure): return "upgrade \(failure.upgradeId) failed: \(failure.summary)"
        case .telemetryRecorded(let telemetry): return "telemetry: \(telemetry.template) on \(telemetry.targetInfrastructure)"
        }
    }

    /// What went wrong with a step; a timeout's deadline is the row's own time.
    private static func error(_ error: StepError) -> String {
        switch error {
        case .reported(let message): "reported: \(message)"
        case .timedOut: "no report by the deadline"
        }
    }

    private static func change(_ change: ProfileChange) -> String { "\(change.behavior.rawValue) to \(profile(change.target))" }

    private static func profile(_ reference: ProfileReference) -> String { "\(reference.name) \(reference.version)" }

}
