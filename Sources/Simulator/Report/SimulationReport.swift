import Foundation
import UpgradeDomain

/// What a replay found: the summary an operator reads, and one row per cluster.
public struct SimulationReport: Sendable {
    public struct Row: Sendable {
        public var cluster: String
        public var clusterClass: String
        public var wave: String?
        public var behavior: String?
        public var status: String
        public var startedMs: Int64?
        public var endedMs: Int64?
        public var approvalWaitMs: Int64?
        public var failure: String?
        /// Template clusters: the deployment's status (`Upgrade successful`, `Upgrade failed`, …).
        public var deploymentStatus: String?
    }

    public var scenario: String
    public var startMs: Int64
    public var clusters: Int
    public var nodes: Int
    public var events: Int
    /// Node steps requested (retries included).
    public var nodeSteps: Int
    public var makespanMs: Int64
    public var byStatus: [(String, Int)]
    public var byBehavior: [(String, Int)]
    public var approvalsRequested: Int
    public var approvalsGranted: Int
    public var denials: Int
    public var approvalWaitMeanMs: Int64
    public var approvalWaitMaxMs: Int64
    public var peakUnavailable: Int
    public var peakUnavailableAtMs: Int64?
    public var peakUnavailableInOnePool: Int
    public var durationP50Ms: Int64
    public var durationP95Ms: Int64
    public var durationMaxMs: Int64
    public var failures: Int
    public var firstFailure: String?
    /// Template clusters: how many, their deployment statuses, refused changes, telemetry events.
    public var templateClusters: Int
    public var byDeploymentStatus: [(String, Int)]
    public var templateRefusals: Int
    /// Every refused command recorded on an edge cluster (`CommandRefused`): a change, or an
    /// approval, denial, pause or resume sent to a cluster not in the state it needs.
    public var edgeRefusals: Int
    public var telemetryEvents: Int
    public var halt: String?
    public var rows: [Row]
    /// For charts: clusters upgrading at once, and nodes out of service, over `[startMs, endMs]`.
    public var runningBuckets: [Int]
    public var unavailableBuckets: [Int]
    public var waves: [String]

    init(simulation s: Simulation) {
        scenario = s.scenario.name
        startMs = s.scenario.startMs
        clusters = s.clusters.count
        nodes = s.scenario.fleet.reduce(0) { $0 + $1.count * ($1.controlPlaneNodes + $1.workerNodes) }
            + (s.history?.clusters.reduce(0) { $0 + ($1.cluster?.allNodes.count ?? 0) } ?? 0)
        events = s.sink.recorded
        nodeSteps = s.metrics.nodeSteps
        waves = s.scenario.policy.waves.map(\.name)
        rows = s.clusters.map { cluster in
            Row(cluster: cluster.id, clusterClass: cluster.classIndex >= 0 ? s.scenario.fleet[cluster.classIndex].name : "recorded",
                wave: cluster.wave.map { s.scenario.policy.waves[$0].name }, behavior: Self.behavior(cluster),
                status: Self.status(cluster), startedMs: cluster.startedAt, endedMs: cluster.endedAt,
                approvalWaitMs: cluster.approvalWaitMs, failure: cluster.failure,
                deploymentStatus: cluster.template?.status.label)
        }
        templateClusters = s.clusters.filter { $0.template != nil }.count
        byDeploymentStatus = Self.counts(rows.compactMap(\.deploymentStatus))
        templateRefusals = s.metrics.refusals
        edgeRefusals = s.metrics.edgeRefusals
        telemetryEvents = s.metrics.telemetryEvents
        byStatus = Self.counts(rows.map(\.status))
        byBehavior = Self.counts(rows.compactMap(\.behavior))
        let ends = rows.compactMap(\.endedMs)
        let first = s.firstAssignMs ?? s.scenario.startMs
        makespanMs = (ends.max() ?? first) - first
        let durations = rows.compactMap { row in row.startedMs.flatMap { start in row.endedMs.map { $0 - start } } }.sorted()
        durationP50Ms = Self.percentile(durations, 0.50)
        durationP95Ms = Self.percentile(durations, 0.95)
        durationMaxMs = durations.last ?? 0
        approvalsRequested = s.metrics.approvalsRequested
        approvalsGranted = s.metrics.approvalWaits.count
        denials = s.metrics.denials
        approvalWaitMeanMs = Self.mean(s.metrics.approvalWaits)
        approvalWaitMaxMs = s.metrics.approvalWaits.max() ?? 0
        peakUnavailable = s.metrics.peakUnavailable
        peakUnavailableAtMs = s.metrics.peakUnavailableAtMs
        peakUnavailableInOnePool = s.metrics.peakInOnePool
        failures = s.metrics.failures
        firstFailure = s.metrics.firstFailure
        halt = s.halted.map { "halted at \(Simulation.clock($0.atMs - s.scenario.startMs)): \($0.cause)" }
        let end = max(ends.max() ?? first, first + 1)
        runningBuckets = s.metrics.clusterStates.series.maxima(from: first, to: end, buckets: 120)
        unavailableBuckets = s.metrics.unavailableSeries.maxima(from: first, to: end, buckets: 120)
    }

    /// Edge clusters: the change's behaviour; template clusters: `template` once a change was queued.
    static func behavior(_ cluster: SimulatedCluster) -> String? {
        guard cluster.template != nil else { return cluster.behavior?.rawValue }
        return cluster.wave == nil ? nil : "template"
    }

    static func status(_ cluster: SimulatedCluster) -> String {
        if let outcome = cluster.outcome { return outcome }
        if let template = cluster.template {
            if case .waiting = cluster.rollout { return "not started" }
            return template.upgrade?.isInProgress == true ? "in progress" : "unchanged"
        }
        switch cluster.state.status {
        case .awaitingApproval: return "awaiting approval"
        case .deferred: return "deferred"
        case .paused: return "paused"
        case .inProgress: return "in progress"
        case .succeeded, .failed, .cancelled, .idle:
            if case .waiting = cluster.rollout { return "not started" }
            return "unchanged"
        }
    }

    static func counts(_ values: [String]) -> [(String, Int)] {
        Dictionary(grouping: values, by: { $0 }).map { ($0.key, $0.value.count) }.sorted { $0.0 < $1.0 }
    }

    /// The mean of non-negative `values`, rounded down, without a sum that could pass `Int64`:
    /// the sum of each value's quotient by the count, plus the sum of their remainders divided by it.
    static func mean(_ values: [Int64]) -> Int64 {
        guard !values.isEmpty else { return 0 }
        let count = Int64(values.count)
        let quotients = values.reduce(0) { $0 + $1 / count }
        let remainders = values.reduce(0) { $0 + $1 % count }
        return quotients + remainders / count
    }

    static func percentile(_ sorted: [Int64], _ p: Double) -> Int64 {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
    }
}
