import EventStore
import Foundation
import UpgradeDomain

/// The shell around the template upgrade decider, the twin of `EdgeClusters`: folds a
/// deployment's `cluster/<cluster id>` stream (the same stream name as an edge cluster's, so one
/// audit finds both kinds; the registration event type tells them apart), decides a command, and
/// appends the events with the revision the state was folded at. Refusals are recorded too. Watch
/// events already recorded (same uid and resourceVersion, anywhere in the history) are ignored
/// before deciding. Registering an id that an edge cluster holds throws `ClusterKindConflict`.
public actor TemplateDeployments {
    public struct Folded: Sendable {
        public var state: TemplateUpgradeState
        /// The stream's last revision, edge events included (they share `cluster/<id>`).
        public var revision: UInt64?
        /// The kind registered on the stream, edge or template-based; nil before any registration.
        public var kind: ClusterKind? = nil
        /// Every (uid, resourceVersion, deleted) observed so far: a replayed watch applies nothing twice.
        var observed: Set<String> = []
    }

    public struct Outcome: Sendable {
        public var events: [TemplateUpgradeEvent]
        public var refusal: TemplateUpgradeRefusal?
        public var state: TemplateUpgradeState
        public var positions: ClosedRange<UInt64>?
    }

    /// What a batch of commands recorded.
    public struct BatchOutcome: Sendable {
        /// The events each command recorded, in the commands' order (none for a duplicate
        /// observation or a command that changed nothing).
        public var events: [[TemplateUpgradeEvent]]
        /// Where they were appended; nil when none was.
        public var positions: ClosedRange<UInt64>?
    }

    public let store: EventStore
    private var cache: [String: Folded] = [:]
    /// The folded deployments with an upgrade in progress, kept with every state folded or decided.
    private var upgrading: Set<String> = []
    /// Deployments whose state is out of the cache while a command or batch decided on it is
    /// appended, with whoever waits to read it or decide next.
    private var busy: [String: [CheckedContinuation<Void, Never>]] = [:]

    private let newID: @Sendable () -> UUID

    /// `newID` draws the recorded events' ids (time-ordered, so the store's id index is appended to).
    public init(store: EventStore, newID: @escaping @Sendable () -> UUID = { TimeOrderedEventID.next() }) {
        self.store = store
        self.newID = newID
    }

    public static func stream(_ cluster: String) -> String { EdgeClusters.stream(cluster) }

    /// Decides `command` for the deployment of `cluster` and records the outcome durably.
    public func execute(_ command: TemplateUpgradeCommand, on cluster: String, actor: String, at: TemplateInstant) async throws -> Outcome {
        let (batch, state) = try await record([(command, at)], on: cluster, actor: actor)
        let events = batch.events.first ?? []
        let refusal = events.compactMap { event -> TemplateUpgradeRefusal? in
            if case .commandRefused(let refusal) = event { refusal } else { nil }
        }.first
        return Outcome(events: events, refusal: refusal, state: state, positions: batch.positions)
    }

    /// Decides `commands` one after another, each on the state the ones before it left (exactly
    /// the events that executing them one by one would record), and records all their events in
    /// one append: a chunk of a watch stream costs one durable commit, and each observation costs
    /// the same whatever the number of machines. All or nothing: when the append fails, none of
    /// the batch is recorded. `at` of each command: the time its events are stamped with when
    /// they carry none (as `execute`'s `at`).
    public func execute(_ commands: [(command: TemplateUpgradeCommand, at: TemplateInstant)], on cluster: String, actor: String) async throws -> BatchOutcome {
        try await record(commands, on: cluster, actor: actor).0
    }

    private func record(
        _ commands: [(command: TemplateUpgradeCommand, at: TemplateInstant)], on cluster: String, actor: String
    ) async throws -> (BatchOutcome, TemplateUpgradeState) {
        await enter(cluster)
        defer { leave(cluster) }
        var attempts = 0
        while true {
            attempts += 1
            // Out of the cache while it is decided on, so that the decisions change it in place
            // instead of copying its objects (which grow with the cluster); set again once the
            // events are durable. Whoever wants it meanwhile waits (`enter`).
            var folded = try take(cluster)
            if folded.kind == .edge, commands.contains(where: { if case .register = $0.command { true } else { false } }) {
                keep(folded, for: cluster)
                throw ClusterKindConflict(cluster: cluster, registered: .edge, requested: .templateBased)
            }
            var decided: [[TemplateUpgradeEvent]] = []
            var data: [EventData] = []
            decided.reserveCapacity(commands.count)
            for (command, at) in commands {
                if let key = Self.observationKey(command), folded.observed.contains(key) {
                    decided.append([])
                    continue
                }
                // Only an upgrade still in progress takes the observations: one that succeeded or failed
                // is over, and its audit (`--upgrade`) ends with it, as a replay's does.
                let inProgress = folded.state.upgrade.flatMap { $0.isInProgress ? $0.id : nil }
                let events = TemplateUpgradeDecider.decideAndApply(command, to: &folded.state)
                decided.append(events)
                if events.isEmpty { continue }
                data += try TemplateUpgradeEvent.envelopes(
                    for: events, cluster: cluster, actor: actor, at: at.millisecondsSinceEpoch,
                    inProgress: inProgress, newID: newID)
                for event in events { if let key = Self.observationKey(event) { folded.observed.insert(key) } }
            }
            if data.isEmpty {
                // Nothing recorded: the state is as it was.
                keep(folded, for: cluster)
                return (BatchOutcome(events: decided, positions: nil), folded.state)
            }
            guard let appended = try await store.append(to: Self.stream(cluster), ifAt: folded.revision, events: data) else {
                // Another writer got there first: decide again on fresh state (folded anew, as
                // the cache does not hold this one).
                guard attempts < 5 else { throw EventStoreError.wrongExpectedRevision(stream: Self.stream(cluster), expected: folded.revision.map { .exact($0) } ?? .noStream, actual: try store.lastRevision(of: Self.stream(cluster))) }
                continue
            }
            folded.revision = appended.lastRevision
            folded.kind = folded.kind ?? folded.state.deployment.map { _ in .templateBased }
            keep(folded, for: cluster)
            return (BatchOutcome(events: decided, positions: appended.firstPosition...appended.lastPosition), folded.state)
        }
    }

    /// The deployment's state, folded from its stream (cached while no one else appended). Waits
    /// while a command or batch of the deployment is being recorded.
    public func state(of cluster: String) async throws -> Folded {
        while busy[cluster] != nil { await wait(for: cluster) }
        return try folded(cluster)
    }

    /// The cached state, when no one else appended since, else the stream folded anew (and cached).
    private func folded(_ cluster: String) throws -> Folded {
        if let cached = cache[cluster], try store.lastRevision(of: Self.stream(cluster)) == cached.revision { return cached }
        var state = TemplateUpgradeState.initial
        var observed = Set<String>()
        let recorded = try store.readStream(Self.stream(cluster))
        for event in recorded where TemplateUpgradeEvent.typeNames.contains(event.type) {
            let decoded = try DomainEventCodec.decode(TemplateUpgradeEvent.self, from: event)
            TemplateUpgradeDecider.evolve(&state, by: decoded)
            if let key = Self.observationKey(decoded) { observed.insert(key) }
        }
        let folded = Folded(state: state, revision: recorded.last?.revision, kind: ClusterStreamKind.kind(of: recorded), observed: observed)
        keep(folded, for: cluster)
        return folded
    }

    /// The state, taken out of the cache: changing it copies none of its collections for the
    /// cache's sake (a reader still holding an earlier copy costs one copy).
    private func take(_ cluster: String) throws -> Folded {
        let folded = try folded(cluster)
        cache[cluster] = nil
        return folded
    }

    /// Waits for its turn to decide on `cluster`: one command or batch at a time per deployment.
    private func enter(_ cluster: String) async {
        while busy[cluster] != nil { await wait(for: cluster) }
        busy[cluster] = []
    }

    /// Lets in whoever waits for `cluster`.
    private func leave(_ cluster: String) {
        for waiting in busy.removeValue(forKey: cluster) ?? [] { waiting.resume() }
    }

    private func wait(for cluster: String) async {
        await withCheckedContinuation { busy[cluster, default: []].append($0) }
    }

    /// The deployments folded here with an upgrade in progress, in id order.
    public func upgradesInProgress() -> [String] {
        upgrading.sorted()
    }

    private func keep(_ folded: Folded, for cluster: String) {
        cache[cluster] = folded
        if folded.state.upgrade?.isInProgress == true { upgrading.insert(cluster) } else { upgrading.remove(cluster) }
    }

    static func observationKey(_ watch: CAPIWatchEvent) -> String? {
        guard let object = watch.object else { return nil }
        return "\(object.uid)@\(object.resourceVersion)\(watch.isDeletion ? "#deleted" : "")"
    }

    static func observationKey(_ command: TemplateUpgradeCommand) -> String? {
        if case .observe(let watch, _) = command { observationKey(watch) } else { nil }
    }

    static func observationKey(_ event: TemplateUpgradeEvent) -> String? {
        if case .objectObserved(let watch, _) = event { observationKey(watch) } else { nil }
    }
}
