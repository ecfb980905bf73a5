import Engine
import EventStore
import Foundation
import UpgradeDomain

/// A discrete-event simulation of a scenario on a virtual clock: every command goes through the
/// real upgrade decider and every event into the store, with no sleeps and no wall-clock reads.
/// The same scenario and seed give the same events and the same report, byte for byte.
public final class Simulation {
    let scenario: Scenario
    var random: SplitMixGenerator
    let sink: EventSink
    var agenda = Agenda()
    var clusters: [SimulatedCluster] = []
    var indexByID: [String: Int] = [:]
    let profiles: [ProfileReference: ProfileVersion]
    var metrics: SimulationMetrics
    var running = 0
    var waves: WaveQueues
    var halted: (atMs: Int64, cause: String)?
    var firstAssignMs: Int64?
    /// Set when re-running recorded history under another policy (`replay --from-store`).
    let history: RecordedHistory?
    let budgetOverride: BudgetOverride?

    public convenience init(scenario: Scenario, seed: UInt64, store: EventStore?, scale: Double = 1) {
        self.init(scenario: scenario, seed: seed, store: store, scale: scale, history: nil, budgetOverride: nil)
    }

    /// Re-runs a recorded history under `policy` (and, when given, other worker-pool budgets): the
    /// same clusters and profile changes, each node step taking as long and ending as it did, each
    /// approval waited for as long, each Kubernetes outage at the same time.
    public convenience init(history: RecordedHistory, policy: RolloutPolicy, budgetOverride: BudgetOverride?, seed: UInt64, store: EventStore?) {
        let scenario = Scenario(
            name: "counterfactual", description: "recorded history under another policy", startMs: history.startMs,
            profiles: [], fleet: [], policy: policy, durations: StepDurations(byKind: [:]),
            faults: Faults(nodeActionFailureProbability: 0, silentStepProbability: 0, outages: []), timeline: [],
            published: history.profiles)
        self.init(scenario: scenario, seed: seed, store: store, scale: 1, history: history, budgetOverride: budgetOverride)
    }

    private init(scenario: Scenario, seed: UInt64, store: EventStore?, scale: Double, history: RecordedHistory?, budgetOverride: BudgetOverride?) {
        self.history = history
        self.budgetOverride = budgetOverride
        var scaled = scenario
        if scale != 1 {
            for i in scaled.fleet.indices { scaled.fleet[i].count = ReplaySize.count(scaled.fleet[i], scale: scale) }
        }
        self.scenario = scaled
        self.random = SplitMixGenerator(seed: seed)
        self.sink = EventSink(store: store, seed: seed)
        self.profiles = Dictionary(scaled.profiles.map { ($0.reference, $0) }, uniquingKeysWith: { first, _ in first })
        self.metrics = SimulationMetrics(startMs: scaled.startMs)
        self.waves = WaveQueues(count: scaled.policy.waves.count)
    }

    /// Runs the scenario to the end, once: the fleet's state is released afterwards. `progress`
    /// gets the share of work done (for a progress bar).
    public func run(progress: (Double) -> Void = { _ in }) throws -> SimulationReport {
        agenda.schedule(.registerFleet, at: scenario.startMs)
        for (index, action) in scenario.timeline.enumerated() { agenda.schedule(.timeline(index), at: action.atMs) }
        if let history { scheduleRecorded(history) }
        for (index, outage) in scenario.faults.outages.enumerated() {
            agenda.schedule(.outage(index, down: true), at: outage.atMs)
            agenda.schedule(.outage(index, down: false), at: outage.atMs + outage.durationMs)
        }
        var steps = 0
        while let (now, item) = agenda.next() {
            try handle(item, now: now)
            steps += 1
            if steps % 100_000 == 0 { progress(Double(metrics.finished) / Double(max(metrics.assigned, 1))) }
        }
        // The writer builds the store's indexes while the report is made and the fleet's state,
        // no longer needed, is freed here.
        try sink.finish()
        let report = SimulationReport(simulation: self)
        releaseFleet()
        try sink.awaitFinished()
        return report
    }

    /// Frees the clusters' folded state once the report holds what it needs: at fleet scale,
    /// millions of allocations, freed beside the writer's last work instead of after it.
    private func releaseFleet() {
        clusters = []
        indexByID = [:]
    }

    // MARK: Agenda items

    private func handle(_ item: Agenda.Item, now: Int64) throws {
        switch item {
        case .registerFleet:
            try registerFleet(at: now)
        case .timeline(let index):
            try perform(scenario.timeline[index], now: now)
        case .admit:
            try admit(now: now)
        case let .stepDone(cluster, upgrade, node, step, attempt, failed):
            // Keyed and named by upgrade, as a real agent reports: a cluster's second upgrade
            // repeats the first one's nodes, steps and tries.
            let report = NodeStepReport(
                node: node, step: step, outcome: failed ? .failed("simulated \(step.rawValue) failure") : .succeeded,
                idempotencyKey: Self.reportKey(cluster: clusters[cluster].id, upgrade: upgrade, node: node.rawValue, step: step.rawValue,
                                               attempt: attempt),
                at: stamp(now), attempt: attempt, upgrade: upgrade)
            try execute(.reportNodeStep(report), cluster: cluster, actor: clusters[cluster].agent, now: now)
        case .tick(let cluster):
            try execute(.tick(now: stamp(now)), cluster: cluster, actor: "system", now: now)
        case let .deny(cluster, actor):
            try execute(.denyRepave(actor: actor, comment: "denied as recorded", at: stamp(now)), cluster: cluster, actor: actor, now: now)
        case .assignRecorded:
            firstAssignMs = firstAssignMs ?? now
            assignRecorded()
            agenda.schedule(.admit, at: now)
        case let .health(cluster, down):
            try execute(.reportKubernetesHealth(down ? .down : .healthy, at: stamp(now)), cluster: cluster, actor: "health-probe", now: now)
        case let .approve(cluster, actor):
            try execute(.approveRepave(actor: actor, comment: "approved by scenario policy", at: stamp(now)), cluster: cluster, actor: actor, now: now)
        case .capi(let cluster):
            try advanceCAPI(cluster: cluster, now: now)
        case .templateTick(let cluster):
            try executeTemplate(.tick(now: instant(now)), cluster: cluster, actor: "system", now: now)
        case let .outage(index, down):
            for cluster in select(scenario.faults.outages[index].clusters) {
                clusters[cluster].outagesUnderway += down ? 1 : -1
                guard clusters[cluster].outagesUnderway == (down ? 1 : 0) else { continue }
                if clusters[cluster].capi != nil {
                    try kubernetesAPI(reachable: !down, cluster: cluster, now: now)
                } else {
                    try execute(.reportKubernetesHealth(down ? .down : .healthy, at: stamp(now)), cluster: cluster, actor: "health-probe", now: now)
                }
            }
        }
    }

    private func registerFleet(at now: Int64) throws {
        // Published first, as a platform team would before registering clusters on them.
        for document in scenario.published { try sink.record(document, actor: "scenario", at: now) }
        if let history { try registerRecorded(history, at: now) }
        for (classIndex, cls) in scenario.fleet.enumerated() {
            for n in 0..<cls.count {
                let id = FleetNames.clusterID(class: cls.name, number: n + 1)
                if let settings = cls.template {
                    try registerTemplate(id: id, classIndex: classIndex, settings: settings, now: now)
                    continue
                }
                let cluster = FleetBuilder.cluster(id: id, class: cls, profile: cls.profile.flatMap { profiles[$0] })
                indexByID[id] = clusters.count
                clusters.append(SimulatedCluster(id: id, classIndex: classIndex, state: ClusterUpgradeDecider.initial, profile: cls.profile))
                let policy = UpgradePolicy(stepTimeoutMilliseconds: scenario.policy.stepTimeoutMs, maxRetries: scenario.policy.maxRetries)
                try execute(.registerCluster(cluster, policy: policy, at: stamp(now)), cluster: clusters.count - 1, actor: "inventory", now: now)
            }
        }
    }

    private func perform(_ action: TimelineAction, now: Int64) throws {
        let all = select(action.clusters)
        let selected = all.filter { clusters[$0].capi == nil }
        let at = stamp(now)
        switch action.kind {
        case let .assign(target, forceSkipMinor):
            firstAssignMs = firstAssignMs ?? now
            try assign(selected, to: target, forceSkipMinor: forceSkipMinor, actor: action.actor, now: now)
            // After every other action at this instant, so simultaneous assignments share their waves.
            agenda.schedule(.admit, at: now)
        case .changeTemplate(let request):
            firstAssignMs = firstAssignMs ?? now
            try changeTemplate(all.filter { clusters[$0].capi != nil }, request, actor: action.actor, now: now)
            // After every other action at this instant, so simultaneous assignments share their waves.
            agenda.schedule(.admit, at: now)
        case .status(let status):
            for i in selected { try execute(.reportClusterStatus(status, at: at), cluster: i, actor: action.actor, now: now) }
        case .approve:
            for i in selected { try execute(.approveRepave(actor: action.actor, comment: action.comment, at: at), cluster: i, actor: action.actor, now: now) }
        case .deny:
            for i in selected { try execute(.denyRepave(actor: action.actor, comment: action.comment, at: at), cluster: i, actor: action.actor, now: now) }
        case .pause:
            for i in selected { try execute(.pause(actor: action.actor, comment: action.comment, at: at), cluster: i, actor: action.actor, now: now) }
        case .resume:
            for i in selected { try execute(.resume(actor: action.actor, comment: action.comment, at: at), cluster: i, actor: action.actor, now: now) }
        case .cancel:
            for i in selected {
                try execute(.cancel(actor: action.actor, comment: action.comment, at: at), cluster: i, actor: action.actor, now: now)
                if case .waiting = clusters[i].rollout { finish(i, outcome: "cancelled", now: now) }
            }
            // A template cluster still waiting is withdrawn; a started Cluster API rollout runs on.
            for i in all where clusters[i].capi != nil {
                if case .waiting = clusters[i].rollout { finish(i, outcome: "cancelled", now: now) }
            }
        }
    }

    /// Assesses the change for each cluster and records the assignment. A cluster whose upgrade
    /// is under way gets the change at once, as the service sends it: the decider queues it behind
    /// that upgrade (ADR 0003) and the cluster keeps its slot until both are done. A cluster waiting
    /// for its wave takes the newer change in its place; any other is queued in its wave.
    private func assign(
        _ selected: [Int], to target: ProfileReference, forceSkipMinor: MinorSkipOverride?, actor: String, now: Int64
    ) throws {
        guard let new = profiles[target] else { return }
        var assigned = ClustersAssigned(target: target, changes: [])
        // The assessment depends only on the two versions: clusters on the same version share it.
        var assessments: [ProfileReference: ProfileAssessment] = [:]
        var queued: [Int] = []
        var underWay: [(cluster: Int, change: ProfileChange)] = []
        for i in selected {
            // From where the cluster will be when this change's turn comes: the version under way, if any.
            guard let base = clusters[i].state.active?.accepted.change.target ?? clusters[i].profile, let old = profiles[base] else { continue }
            let assessment = assessments[base]
                ?? ProfileAssessment.assess(from: old, to: new, requestedBy: actor, forceSkipMinor: forceSkipMinor)
            assessments[base] = assessment
            assigned.add(clusters[i].id, assessment.change)
            if clusters[i].state.active != nil {
                underWay.append((i, assessment.change))
                continue
            }
            clusters[i].pendingChange = assessment.change
            clusters[i].behavior = assessment.change.behavior
            if case .waiting = clusters[i].rollout { continue }
            queued.append(i)
        }
        for (position, i) in queued.enumerated() {
            if let pinned = enqueue(i, position: position, of: queued.count, waves: scenario.policy.waves) {
                assigned.pin(clusters[i].id, to: pinned)
            }
        }
        if !assigned.changes.isEmpty { try sink.record(assigned, actor: actor, at: now) }
        for (i, change) in underWay { try execute(.changeProfile(change, at: stamp(now)), cluster: i, actor: actor, now: now) }
    }

    /// Queues a cluster in its class's wave (a re-run: the wave it was pinned to), or by its
    /// position in the selection. Returns the wave's name when it went there by name.
    @discardableResult
    func enqueue(_ i: Int, position: Int, of total: Int, waves waveList: [RolloutPolicy.Wave], pinnedTo recordedPin: String? = nil) -> String? {
        let wave: Int
        var pinned: String?
        let named = clusters[i].classIndex >= 0 ? scenario.fleet[clusters[i].classIndex].wave : recordedPin
        if let named, let index = waveList.firstIndex(where: { $0.name == named }) {
            wave = index
            pinned = named
        } else {
            wave = Self.wave(position: position, of: total, waves: waveList)
        }
        clusters[i].wave = wave
        clusters[i].rollout = .waiting(wave: wave)
        waves.enqueue(i, in: wave)
        metrics.assigned += 1
        return pinned
    }

    static func wave(position: Int, of total: Int, waves: [RolloutPolicy.Wave]) -> Int {
        var cumulative = 0.0
        for (index, wave) in waves.enumerated() {
            cumulative += wave.percent
            if Double(position) < (cumulative / 100 * Double(total)).rounded(.up) { return index }
        }
        return waves.count - 1
    }

    /// `sim/<cluster>/<upgrade>/<node>/<step>/<attempt>`, built in one allocation.
    static func reportKey(cluster: String, upgrade: Int, node: String, step: String, attempt: Int) -> String {
        let digits = String(attempt)
        let number = String(upgrade)
        var key = ""
        key.reserveCapacity(8 + cluster.utf8.count + number.utf8.count + node.utf8.count + step.utf8.count + digits.utf8.count)
        key += "sim/"
        key += cluster
        key += "/"
        key += number
        key += "/"
        key += node
        key += "/"
        key += step
        key += "/"
        key += digits
        return key
    }

    func stamp(_ ms: Int64) -> Timestamp { Timestamp(millisecondsSinceEpoch: ms) }

    func select(_ selector: ClusterSelector) -> [Int] {
        var chosen: [Int] = selector.ids.compactMap { indexByID[$0] }
        if !selector.classes.isEmpty {
            let classIndexes = Set(selector.classes.compactMap { name in scenario.fleet.firstIndex { $0.name == name } })
            chosen += clusters.indices.filter { classIndexes.contains(clusters[$0].classIndex) }
        }
        if selector.classes.isEmpty && selector.ids.isEmpty { chosen = Array(clusters.indices) }
        let ordered = Array(Set(chosen)).sorted()
        return selector.first.map { Array(ordered.prefix($0)) } ?? ordered
    }
}
