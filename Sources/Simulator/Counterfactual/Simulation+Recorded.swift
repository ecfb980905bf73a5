import UpgradeDomain

extension Simulation {
    /// Registers the recorded clusters, in id order, with the budgets to try.
    func registerRecorded(_ history: RecordedHistory, at now: Int64) throws {
        for recorded in history.clusters {
            guard var cluster = recorded.cluster else { continue }
            if let budgetOverride { cluster = budgetOverride.apply(to: cluster) }
            indexByID[recorded.id] = clusters.count
            clusters.append(SimulatedCluster(id: recorded.id, classIndex: -1, state: ClusterUpgradeDecider.initial, profile: cluster.profile))
            try execute(.registerCluster(cluster, policy: recorded.policy, at: stamp(now)), cluster: clusters.count - 1, actor: "inventory", now: now)
        }
    }

    /// The recorded changes are assigned together when the first was accepted; outages recur as recorded.
    func scheduleRecorded(_ history: RecordedHistory) {
        if let first = history.firstChangeMs { agenda.schedule(.assignRecorded, at: first) }
        for (index, recorded) in history.clusters.enumerated() {
            for outage in recorded.outages {
                agenda.schedule(.health(cluster: index, down: true), at: outage.downMs)
                if let up = outage.upMs { agenda.schedule(.health(cluster: index, down: false), at: up) }
            }
        }
    }

    /// Queues every recorded change in the policy's waves, in the order the clusters started then
    /// (those that never started last, by id), so waves split the fleet as the recorded rollout
    /// went; a cluster pinned to a wave by its class goes to the wave of that name.
    func assignRecorded() {
        guard let history else { return }
        let changed = history.clusters.indices.filter { history.clusters[$0].change != nil }.sorted { a, b in
            (history.clusters[a].changeAcceptedMs ?? .max, history.clusters[a].id) < (history.clusters[b].changeAcceptedMs ?? .max, history.clusters[b].id)
        }
        for (position, i) in changed.enumerated() {
            clusters[i].pendingChange = history.clusters[i].change
            clusters[i].behavior = history.clusters[i].change?.behavior
            // A cluster its class pinned to a wave stays in that wave where the policy tried has it.
            enqueue(i, position: position, of: changed.count, waves: scenario.policy.waves, pinnedTo: history.clusters[i].pinnedWave)
        }
    }

    /// The agent answers as it did: the recorded duration and outcome of this node, step and try;
    /// a try the history never saw takes the recorded median for its step and succeeds.
    func answerAsRecorded(_ request: NodeActionRequest, cluster i: Int, now: Int64) {
        guard let history else { return }
        let key = RecordedCluster.StepKey(node: request.node.rawValue, step: request.step, attempt: request.attempt)
        let recorded = history.clusters[i].steps[key]
        if recorded?.silent == true { return }  // it timed out then; it times out now
        let duration = recorded?.durationMs ?? history.medianMs[request.step] ?? 10_000
        agenda.schedule(.stepDone(cluster: i, upgrade: request.upgrade, node: request.node, step: request.step,
                                  attempt: request.attempt, failed: recorded?.failure != nil), at: now + duration)
    }

    /// A repave is approved (or denied) by the same person after the same wait as recorded. False
    /// when the history holds no decision (the cluster never got that far): the tried policy decides.
    func decideAsRecorded(cluster i: Int, now: Int64) -> Bool {
        guard let recorded = history?.clusters[i], let delay = recorded.approvalDelayMs else { return false }
        let actor = recorded.approver ?? "approver"
        agenda.schedule(recorded.denied ? .deny(cluster: i, actor: actor) : .approve(cluster: i, actor: actor), at: now + delay)
        return true
    }
}
