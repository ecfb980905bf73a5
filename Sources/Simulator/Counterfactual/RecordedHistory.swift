import Engine
import EventStore
import UpgradeDomain

/// What a store recorded of edge upgrades, as inputs for re-running them under another policy:
/// the clusters, the profile changes, how long each node step took and how it ended, how long
/// each approval was waited for, and when each cluster's Kubernetes service was down.
///
/// A re-run takes each cluster's first recorded change (for a cluster that never started, the
/// change it was last assigned), with the steps, approval and end of that upgrade alone; later
/// changes (a service that kept working on the store) are counted, not re-run.
public struct RecordedHistory: Sendable {
    public var clusters: [RecordedCluster]
    /// The first and last moments of the recorded rollout (first change accepted, last cluster done).
    public var firstChangeMs: Int64?
    public var lastEndMs: Int64?
    /// The first registration: virtual time zero of the re-run.
    public var startMs: Int64
    /// Median recorded duration per step, for steps the re-run asks for that the history never saw.
    public var medianMs: [NodeStep: Int64]
    /// The profile versions the store published, as last edited, in the order they were
    /// published: the re-run's store publishes them too.
    public var profiles: [ProfileDocument] = []

    /// Changes accepted after a cluster's first, which the re-run leaves out, and the clusters that had them.
    public var laterChanges: Int { clusters.reduce(0) { $0 + $1.laterChanges } }
    public var clustersWithLaterChanges: Int { clusters.filter { $0.laterChanges > 0 }.count }

    /// The recorded makespan: first change accepted to last cluster done.
    public var makespanMs: Int64 { (lastEndMs ?? firstChangeMs ?? 0) - (firstChangeMs ?? 0) }

    /// Reads every edge cluster of the store (through the type index), in cluster id order.
    public static func load(from store: EventStore) throws -> RecordedHistory {
        var streams: [String] = []
        var next: UInt64 = 1
        while true {
            let page = try store.events(ofType: "ClusterRegistered", from: next, limit: 4096)
            streams += page.map(\.stream)
            guard let last = page.last, page.count == 4096 else { break }
            next = last.position + 1
        }
        var clusters: [RecordedCluster] = []
        for stream in Set(streams).sorted() {
            var recorded = RecordedCluster(id: String(stream.dropFirst("cluster/".count)))
            for event in try store.readStream(stream) {
                // Streams may also hold template-deployment events; only edge events fold here.
                guard UpgradeEvent.typeNames.contains(event.type),
                      let decoded = try? DomainEventCodec.decode(UpgradeEvent.self, from: event) else { continue }
                recorded.absorb(decoded, atMs: event.recordedAtMs, actor: event.actor)
            }
            if recorded.cluster != nil { clusters.append(recorded) }
        }
        // Clusters assigned a change that never started (a halt, a window) still count as assigned.
        var assignedAt: [Int64] = []
        var byID = Dictionary(uniqueKeysWithValues: clusters.indices.map { (clusters[$0].id, $0) })
        for event in try store.events(ofType: ClustersAssigned.typeName, limit: .max) {
            guard let assignment = try? DomainEventCodec.decode(ClustersAssigned.self, from: event) else { continue }
            assignedAt.append(event.recordedAtMs)
            for pin in assignment.pinned ?? [] {
                guard let index = byID[pin.cluster], clusters[index].pinnedWave == nil else { continue }
                clusters[index].pinnedWave = pin.wave
            }
            // A cluster still waiting took each newer assignment in place of the one before (the
            // assignments are read in the order they were recorded); one that started keeps the
            // change it started with.
            for group in assignment.changes {
                for id in group.clusters {
                    guard let index = byID[id], clusters[index].changeAcceptedMs == nil else { continue }
                    clusters[index].change = group.change
                }
            }
        }
        byID.removeAll()
        var durations: [NodeStep: [Int64]] = [:]
        for cluster in clusters {
            for (key, step) in cluster.steps where !step.silent { durations[key.step, default: []].append(step.durationMs) }
        }
        let medians = durations.mapValues { values in values.sorted()[values.count / 2] }
        return RecordedHistory(
            clusters: clusters,
            firstChangeMs: (clusters.compactMap(\.changeAcceptedMs) + assignedAt).min(),
            lastEndMs: clusters.compactMap(\.endedMs).max(),
            startMs: clusters.compactMap(\.registeredMs).min() ?? 0,
            medianMs: medians,
            profiles: try profiles(in: store))
    }

    /// Every published profile version, with its edits applied (an edit always follows its
    /// version's publication in the log).
    private static func profiles(in store: EventStore) throws -> [ProfileDocument] {
        var documents: [ProfileDocument] = []
        var indexByReference: [ProfileReference: Int] = [:]
        for event in try store.events(ofType: ProfileDocument.publishedType, limit: .max) {
            let document = try DomainEventCodec.decode(ProfileDocument.self, from: event)
            indexByReference[document.reference] = documents.count
            documents.append(document)
        }
        for event in try store.events(ofType: ProfileDocument.editedType, limit: .max) {
            let document = try DomainEventCodec.decode(ProfileDocument.self, from: event)
            if let index = indexByReference[document.reference] { documents[index] = document }
        }
        return documents
    }
}

/// One cluster's recorded facts.
public struct RecordedCluster: Sendable {
    public struct StepKey: Hashable, Sendable {
        public var node: String
        public var step: NodeStep
        public var attempt: Int
    }

    public struct Step: Sendable {
        public var durationMs: Int64
        public var failure: String?
        /// The agent never answered; the step timed out.
        public var silent: Bool
    }

    public var id: String
    public var cluster: Cluster?
    public var policy: UpgradePolicy = .standard
    public var registeredMs: Int64?
    public var change: ProfileChange?
    /// The wave its class pinned it to when the change was assigned, if any.
    public var pinnedWave: String?
    public var changeAcceptedMs: Int64?
    public var approvalDelayMs: Int64?
    public var approver: String?
    public var denied = false
    public var endedMs: Int64?
    public var outcome: String?
    public var steps: [StepKey: Step] = [:]
    /// Kubernetes service outages: down at, up at (nil: never came back).
    public var outages: [(downMs: Int64, upMs: Int64?)] = []
    /// Changes accepted after `change`; their upgrades' steps, approvals and ends are not absorbed.
    public var laterChanges = 0
    /// The number of the upgrade `change` began.
    private var upgrade: Int?
    private var started: [StepKey: Int64] = [:]
    private var approvalRequestedMs: Int64?

    init(id: String) { self.id = id }

    mutating func absorb(_ event: UpgradeEvent, atMs: Int64, actor: String) {
        switch event {
        case .clusterRegistered(let cluster, let policy, _):
            self.cluster = cluster
            self.policy = policy
            registeredMs = atMs
        case .clusterStatusChanged(let status, _) where change == nil:
            // The re-run registers the cluster as the inventory had it when its change came.
            cluster?.status = status
        case .profileChangeAccepted(let accepted):
            guard change == nil else {
                laterChanges += 1
                return
            }
            change = accepted.change
            changeAcceptedMs = atMs
            upgrade = accepted.upgrade
        case .repaveApprovalRequested(let number, _) where number == upgrade:
            approvalRequestedMs = atMs
        case .repaveApproved(let decision) where laterChanges == 0, .repaveDenied(let decision) where laterChanges == 0:
            // A decision names no upgrade; once a later change was accepted, decisions are its.
            if let requested = approvalRequestedMs, approvalDelayMs == nil {
                approvalDelayMs = atMs - requested
                approver = decision.actor
                if case .repaveDenied = event { denied = true }
            }
        case .nodeStepStarted(let request) where request.upgrade == upgrade:
            started[StepKey(node: request.node.rawValue, step: request.step, attempt: request.attempt)] = atMs
        case .nodeStepSucceeded(let success) where success.upgrade == upgrade:
            record(node: success.node.rawValue, step: success.step, attempt: success.attempt, atMs: atMs, failure: nil)
        case .nodeStepFailed(let failure) where failure.upgrade == upgrade:
            switch failure.error {
            case .reported(let message):
                record(node: failure.node.rawValue, step: failure.step, attempt: failure.attempt, atMs: atMs, failure: message)
            case .timedOut:
                record(node: failure.node.rawValue, step: failure.step, attempt: failure.attempt, atMs: atMs, failure: nil, silent: true)
            }
        case .kubernetesHealthChanged(let health, _):
            if health == .down { outages.append((atMs, nil)) } else if let last = outages.indices.last, outages[last].upMs == nil { outages[last].upMs = atMs }
        case .upgradeSucceeded(let success) where success.upgrade == upgrade && endedMs == nil:
            endedMs = atMs
            outcome = "succeeded"
        case .upgradeFailed(let failure) where failure.upgrade == upgrade && endedMs == nil:
            endedMs = atMs
            outcome = "failed"
        case .upgradeCancelled(let cancellation) where cancellation.upgrade == upgrade && endedMs == nil:
            endedMs = atMs
            outcome = "cancelled"
        default:
            break
        }
    }

    private mutating func record(node: String, step: NodeStep, attempt: Int, atMs: Int64, failure: String?, silent: Bool = false) {
        let key = StepKey(node: node, step: step, attempt: attempt)
        guard let begin = started[key] else { return }
        steps[key] = Step(durationMs: max(atMs - begin, 1), failure: failure, silent: silent)
    }
}
