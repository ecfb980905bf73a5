import Engine
import EventStore
import Foundation
import Logging
import UpgradeDomain

/// The service's core: commands on edge clusters decided by `EdgeClusters` with the injected
/// clock, long polls woken on change, profile edits fanned out, overdue steps ticked.
public final class ClusterService: Sendable {
    let store: EventStore
    let edges: EdgeClusters
    let catalog: ProfileCatalog
    let overrides: ClusterOverrides
    let directory: ClusterDirectory
    let deployments: TemplateDeployments
    let deploymentDirectory: ClusterDirectory
    let signals = ClusterSignals()
    /// Edits of profile versions and assignments of clusters to them, one at a time (`edit`,
    /// `finishFanOuts`, `assign`): an assignment is made wholly before an edit's fan-out reads the
    /// fleet or wholly after it is done.
    let edits = SerialGate()
    let answers = ReportAnswers()
    let clock: any ServiceClock
    let metrics: ServiceMetrics
    let logger: Logger
    /// Nothing, unless a test holds a request at one of them (`ServiceHooks`).
    let hooks: ServiceHooks

    public convenience init(store: EventStore, clock: any ServiceClock, metrics: ServiceMetrics, logger: Logger) {
        self.init(store: store, clock: clock, metrics: metrics, logger: logger, hooks: ServiceHooks())
    }

    init(store: EventStore, clock: any ServiceClock, metrics: ServiceMetrics, logger: Logger, hooks: ServiceHooks) {
        self.store = store
        // Ids are drawn at the service's time, not the wall clock's: on a store dated ahead they
        // still sort after the store's, so each extends the id chain (ADR 0019).
        let newID: @Sendable () -> UUID = { clock.newEventID() }
        self.edges = EdgeClusters(store: store, newID: newID)
        self.catalog = ProfileCatalog(store: store, newID: newID)
        self.overrides = ClusterOverrides(store: store, newID: newID)
        self.directory = ClusterDirectory(store: store)
        self.deployments = TemplateDeployments(store: store, newID: newID)
        self.deploymentDirectory = ClusterDirectory(store: store, registrationType: ClusterStreamKind.templateRegistration)
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        self.hooks = hooks
    }

    /// Decides and records one command; wakes the cluster's long polls when events were recorded.
    /// `causation`: the event the command follows from (see `EdgeClusters.execute`).
    /// `recordedAt`: this service's time for the command, which dates every event recorded (ADR
    /// 0019); nil for a command timed by this service's clock (its own `at`). A command carrying
    /// another party's time (an agent's report) passes the service's.
    func execute(
        _ command: UpgradeCommand, on cluster: String, actor: String, causation: UUID? = nil, recordedAt: Timestamp? = nil,
        refusedReport: (@Sendable () -> CommandRefusal.Report)? = nil,
        check: (@Sendable (EdgeClusters.Folded) throws -> Void)? = nil
    ) async throws -> EdgeClusters.Outcome {
        let started = ContinuousClock.now
        let outcome = try await edges.execute(command, on: cluster, actor: actor, causation: causation, recordedAt: recordedAt ?? command.at,
                                              refusedReport: refusedReport, check: check)
        if !outcome.events.isEmpty {
            metrics.recordAppend(ContinuousClock.now - started)
            metrics.record(outcome.events)
            signals.signal(cluster)
        }
        return outcome
    }

    /// Like `execute`, but a refusal (recorded by the engine) is thrown as a 409.
    func executeAccepted(
        _ command: UpgradeCommand, on cluster: String, actor: String, recordedAt: Timestamp? = nil,
        refusedReport: (@Sendable () -> CommandRefusal.Report)? = nil,
        check: (@Sendable (EdgeClusters.Folded) throws -> Void)? = nil
    ) async throws -> EdgeClusters.Outcome {
        let outcome = try await execute(command, on: cluster, actor: actor, recordedAt: recordedAt, refusedReport: refusedReport, check: check)
        if let refusal = outcome.refusal { throw refusal }
        return outcome
    }

    /// The registered cluster and its state; 404 before registration (nothing written).
    func registered(_ id: String) async throws -> (Cluster, ClusterUpgradeState) {
        let folded = try await edges.state(of: id)
        return (try Self.registeredCluster(folded, id: id), folded.state)
    }

    /// The registered edge cluster of a folded stream; 404 naming the kind when it is not one.
    static func registeredCluster(_ folded: EdgeClusters.Folded, id: String) throws -> Cluster {
        guard let cluster = folded.state.cluster else {
            if folded.kind == .templateBased {
                throw APIError.notFound("\(id) is a template-based deployment, not an edge cluster (GET /v1/deployments/\(id))")
            }
            throw APIError.notFound("cluster \(id) is not registered")
        }
        return cluster
    }

    /// Folds every registered cluster and deployment and times out steps whose deadline passed while the
    /// service was down: in-flight upgrades carry on from the recorded times. `progress` is told
    /// how many of how many are folded as the fold goes. A cancelled task stops between batches
    /// (`CancellationError`) and ticks nothing.
    public func resume(progress: @escaping @Sendable (_ folded: Int, _ total: Int) -> Void = { _, _ in }) async throws -> Int {
        let started = ContinuousClock.now
        let clusters = try await directory.all()
        let deploymentIDs = try await deploymentDirectory.all()
        let total = clusters.count + deploymentIDs.count
        logger.info("resuming", metadata: ["clusters": "\(clusters.count)", "deployments": "\(deploymentIDs.count)"])
        progress(0, total)
        var inFlight = try await edges.foldAll(clusters, progress: { progress($0, total) })
        // Folded once here, every deployment is known to the ticker from now on.
        for (index, id) in deploymentIDs.enumerated() {
            try Task.checkCancellation()
            if try await deployments.state(of: id).state.upgrade?.isInProgress == true { inFlight += 1 }
            progress(clusters.count + index + 1, total)
        }
        // A service stopping now must not time steps out on its way down.
        try Task.checkCancellation()
        do {
            _ = try await finishFanOuts()
        } catch {
            logger.error("finishing profile edits cut short failed", metadata: ["error": "\(error)"])
        }
        await tickOverdue()
        logger.info("resumed", metadata: ["in_flight_upgrades": "\(inFlight)", "took": "\(ContinuousClock.now - started)"])
        return inFlight
    }

    /// Sends `tick(now)` to every cluster with a requested step past its deadline, and to every
    /// deployment with an upgrade in progress. Both lists are kept by the engine as it folds and
    /// decides (every cluster is folded at `resume`), so a tick costs the clusters due, not the fleet.
    public func tickOverdue() async {
        let now = clock.now()
        // One cluster that fails its tick is logged and the others still get theirs.
        for id in await edges.overdue(at: now) {
            do {
                _ = try await execute(.tick(now: now), on: id, actor: "orchestrator")
            } catch {
                logger.error("tick failed", metadata: ["cluster": "\(id)", "error": "\(error)"])
            }
        }
        let instant = TemplateInstant(millisecondsSinceEpoch: now.millisecondsSinceEpoch)
        for id in await deployments.upgradesInProgress() {
            do {
                let outcome = try await deployments.execute(.tick(now: instant), on: id, actor: "orchestrator", at: instant)
                if !outcome.events.isEmpty { signals.signal(id) }
            } catch {
                logger.error("tick failed", metadata: ["deployment": "\(id)", "error": "\(error)"])
            }
        }
    }

    /// Upgrade state name → number of registered clusters, every state named (zero included).
    /// Kept by the engine as it folds and decides, so this costs nothing per cluster; the whole
    /// fleet once `resume` has folded it.
    func upgradesByState() async -> [String: Int] {
        let counts = await edges.statusCounts()
        return Dictionary(uniqueKeysWithValues: UpgradeStatus.Kind.allCases.map { ($0.rawValue, counts[$0, default: 0]) })
    }

    /// Wakes every long poll and lets none wait again (graceful shutdown).
    public func stopWaiting() async { signals.close() }
}
