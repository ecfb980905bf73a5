import Engine
import UpgradeDomain

/// Template-based deployments: registered on the template decider with their declared upgrade
/// paths, a baseline observed, then — when the rollout admits one — the change, and the Cluster API
/// rolling replacement fed back as watch observations. A stuck machine stops the rollout; a tick at
/// the no-progress deadline lets the decider fail the upgrade.
extension Simulation {
    static let namespace = "kcm-system"

    func instant(_ ms: Int64) -> TemplateInstant { TemplateInstant(millisecondsSinceEpoch: ms) }

    /// Declared upgrade paths: every template with an `upgrades` list; nil when none has one.
    var upgradePaths: [TemplateUpgradePath]? {
        let declared = scenario.templates.compactMap { template in
            template.upgrades.map { TemplateUpgradePath(template: template.name, availableUpgrades: $0) }
        }
        return declared.isEmpty ? nil : declared
    }

    func registerTemplate(id: String, classIndex: Int, settings: TemplateClassSettings, now: Int64) throws {
        let cls = scenario.fleet[classIndex]
        let version = scenario.templates.first { $0.name == settings.template }?.kubernetesVersion ?? ""
        let surge = ((try? RolloutArithmetic.resolve(cls.workerBudget, desiredReplicas: cls.workerNodes))?.maxSurge ?? 1) > 0
        let timing = SimulatedCAPI.Timing(
            machineRollout: scenario.durations.byKind[.machineRollout] ?? .fixed(10_000),
            deletion: scenario.durations.byKind[.drain] ?? .fixed(10_000),
            stuckProbability: scenario.faults.stuckMachineProbability)
        var capi = SimulatedCAPI(
            cluster: id, controlPlane: cls.controlPlaneNodes, workers: cls.workerNodes, workerSurge: surge,
            version: version, timing: timing, createdAt: instant(scenario.startMs - 3 * 86_400_000))
        indexByID[id] = clusters.count
        var cluster = SimulatedCluster(id: id, classIndex: classIndex, state: ClusterUpgradeDecider.initial, profile: nil)
        cluster.template = .initial
        let baseline = capi.baseline()
        cluster.capi = capi
        clusters.append(cluster)
        let i = clusters.count - 1
        let deployment = TemplateDeployment(
            clusterId: id, clusterName: id, namespace: Self.namespace, targetInfrastructure: cls.infrastructure,
            template: settings.template, variables: settings.variables, controlPlaneReplicas: cls.controlPlaneNodes,
            noProgressDeadlineMilliseconds: scenario.policy.stepTimeoutMs)
        try executeTemplate(.register(deployment, at: instant(now)), cluster: i, actor: "inventory", now: now)
        if let paths = upgradePaths {
            try executeTemplate(.declareUpgradePaths(paths, at: instant(now)), cluster: i, actor: "inventory", now: now)
        }
        for event in baseline {
            try executeTemplate(.observe(event, at: instant(now)), cluster: i, actor: "capi-watch", now: now)
        }
    }

    /// Queues the change for the selected template clusters; one already upgrading gets it at
    /// once, and the decider refuses it.
    func changeTemplate(_ selected: [Int], _ request: TemplateChangeRequest, actor: String, now: Int64) throws {
        var queued: [Int] = []
        for i in selected {
            switch clusters[i].rollout {
            case .running:
                try sendTemplateChange(i, request, actor: actor, now: now)
            case .waiting:
                clusters[i].pendingTemplateChange = request
                clusters[i].pendingTemplateActor = actor
            case .idle, .finished:
                clusters[i].pendingTemplateChange = request
                clusters[i].pendingTemplateActor = actor
                queued.append(i)
            }
        }
        for (position, i) in queued.enumerated() {
            enqueue(i, position: position, of: queued.count, waves: scenario.policy.waves)
        }
    }

    /// The rollout admitted the cluster: the deployment now points at the new template/variables.
    /// A change the decider refuses, or one to what the deployment already runs, starts nothing
    /// and ends at once.
    func startTemplateChange(_ i: Int, now: Int64) throws {
        guard let request = clusters[i].pendingTemplateChange else { return }
        let refused = try sendTemplateChange(i, request, actor: clusters[i].pendingTemplateActor, now: now)
        if refused != nil || clusters[i].template?.upgrade?.isInProgress != true {
            endWithoutUpgrade(i, refused: refused?.message, now: now)
        }
    }

    /// Sends `changeDeployment`; returns the refusal if the decider refused it.
    @discardableResult
    private func sendTemplateChange(_ i: Int, _ request: TemplateChangeRequest, actor: String, now: Int64) throws -> TemplateUpgradeRefusal? {
        guard let deployment = clusters[i].template?.deployment else { return nil }
        clusters[i].templateChanges += 1
        let target = request.template ?? deployment.template
        let change = TemplateDeploymentChange(
            upgradeId: "\(clusters[i].id)/\(clusters[i].templateChanges)", template: target,
            variables: request.variables(over: deployment.variables),
            targetKubernetesVersion: scenario.templates.first { $0.name == target }?.kubernetesVersion,
            at: instant(now))
        let events = try executeTemplate(.changeDeployment(change), cluster: i, actor: actor, now: now)
        for event in events {
            if case .commandRefused(let refusal) = event { return refusal }
        }
        return nil
    }

    /// Decides a command for a template cluster, records and folds the events, and reacts.
    @discardableResult
    func executeTemplate(_ command: TemplateUpgradeCommand, cluster i: Int, actor: String, now: Int64) throws -> [TemplateUpgradeEvent] {
        guard var state = clusters[i].template else { return [] }
        // Decided and folded in place: the cluster lets go of its state meanwhile, so that an
        // observation does not copy every observed object.
        clusters[i].template = nil
        let inProgress = state.upgrade.flatMap { $0.isInProgress ? $0.id : nil }
        let events = TemplateUpgradeDecider.decideAndApply(command, to: &state)
        clusters[i].template = state
        guard !events.isEmpty else { return [] }
        try sink.record(events, cluster: EventSink.ClusterRef(index: i, id: clusters[i].id), actor: actor, at: now, inProgress: inProgress)
        for event in events { try react(to: event, cluster: i, now: now) }
        return events
    }

    private func react(to event: TemplateUpgradeEvent, cluster i: Int, now: Int64) throws {
        switch event {
        case .upgradeStarted(let start):
            clusters[i].capi?.begin(version: start.targetKubernetesVersion ?? "")
            // The controllers pick the new spec up a few seconds later.
            agenda.schedule(.capi(cluster: i), at: now + 5_000)
        case .upgradeSucceeded:
            finish(i, outcome: "succeeded", now: now)
        case .upgradeFailed(let failure):
            clusters[i].failure = Self.cause(failure)
            finish(i, outcome: "failed", now: now)
            metrics.failures += 1
            if metrics.firstFailure == nil {
                metrics.firstFailure = "\(clusters[i].id) at \(Self.clock(now - scenario.startMs)): \(Self.cause(failure))"
            }
            checkFailureBudget(now: now)
        case .telemetryRecorded:
            metrics.telemetryEvents += 1
        case .commandRefused:
            metrics.refusals += 1
        default:
            break
        }
    }

    /// Cluster API moves one step: its watch events are observed, the next step scheduled. While
    /// the cluster's Kubernetes API is down the step waits for it (a new machine's node cannot
    /// join, the control plane's health cannot be checked, a node cannot be drained); the
    /// decider holds the no-progress deadline meanwhile, as the Cluster's probe fails (ADR 0028),
    /// and the tick at the deadline is scheduled when the API answers again.
    func advanceCAPI(cluster i: Int, now: Int64) throws {
        guard var capi = clusters[i].capi, clusters[i].template?.upgrade?.isInProgress == true else { return }
        guard capi.apiReachable else {
            clusters[i].capiStepHeld = true
            scheduleDeadlineTick(cluster: i, now: now)
            return
        }
        let step = capi.advance(now: instant(now), random: &random)
        clusters[i].capi = capi
        if let node = step.outOfService {
            _ = clusters[i].unavailable.insert(node, pool: "workers")
            metrics.nodeBecameUnavailable(poolCount: clusters[i].unavailable.count(in: "workers"), now: now)
        }
        if let node = step.backInService, clusters[i].unavailable.remove(node, pool: "workers") > 0 {
            metrics.nodeBecameAvailable(now: now)
        }
        for event in step.events {
            try executeTemplate(.observe(event, at: instant(now)), cluster: i, actor: "capi-watch", now: now)
        }
        switch step.next {
        case .after(let delay):
            agenda.schedule(.capi(cluster: i), at: now + delay)
            // The shell ticks while nothing is observed, so a step slower than the deadline fails on time.
            if delay >= scenario.policy.stepTimeoutMs {
                agenda.schedule(.templateTick(cluster: i), at: now + scenario.policy.stepTimeoutMs)
            }
        case .stuck, .done:
            // Nothing more happens by itself: the shell's deadline check settles the upgrade.
            agenda.schedule(.templateTick(cluster: i), at: now + scenario.policy.stepTimeoutMs)
        }
    }

    /// A template cluster's Kubernetes API went down or came back (a scenario outage): the watch
    /// shows the Cluster's probe, and a Cluster API step held meanwhile is taken now.
    func kubernetesAPI(reachable: Bool, cluster i: Int, now: Int64) throws {
        guard var capi = clusters[i].capi else { return }
        let events = capi.kubernetesAPI(reachable: reachable)
        clusters[i].capi = capi
        for event in events {
            try executeTemplate(.observe(event, at: instant(now)), cluster: i, actor: "capi-watch", now: now)
        }
        if reachable && clusters[i].capiStepHeld {
            clusters[i].capiStepHeld = false
            agenda.schedule(.capi(cluster: i), at: now)
        }
        // The deadline moved by the time the probe failed: a tick when it now passes, so that a
        // rollout still stalled then (a stuck machine, one that came due in the outage) fails on time.
        if reachable { scheduleDeadlineTick(cluster: i, now: now) }
    }

    /// A tick at the upgrade's no-progress deadline as the decider's clock has it, if an upgrade
    /// is in progress and its clock runs (it is held while the Cluster's probe fails).
    private func scheduleDeadlineTick(cluster i: Int, now: Int64) {
        guard let upgrade = clusters[i].template?.upgrade, upgrade.isInProgress,
              let deadline = upgrade.noProgressDeadline(milliseconds: scenario.policy.stepTimeoutMs) else { return }
        agenda.schedule(.templateTick(cluster: i), at: max(now, deadline.millisecondsSinceEpoch))
    }

    /// The first cause of a failed template upgrade: object, signal, reason, message.
    static func cause(_ failure: TemplateUpgradeFailure) -> String {
        let signal: String
        switch failure.cause {
        case .phase(let phase): signal = "phase \(phase)"
        case .failureReason: signal = "failureReason"
        case .condition(let type, _): signal = "condition \(type)=False"
        case .noProgress(let deadline, _): signal = "no progress for \(SimulationReport.span(deadline))"
        }
        let message = failure.message.isEmpty ? "" : ": \(failure.message)"
        return "\(failure.objectKind) \(failure.objectName) \(signal), reason \(failure.reason)\(message)"
    }
}
