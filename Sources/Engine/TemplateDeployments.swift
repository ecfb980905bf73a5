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

    public let store: EventStore
    private var cache: [String: Folded] = [:]
    /// The folded deployments with an upgrade in progress, kept with every state folded or decided.
    private var upgrading: Set<String> = []

    public init(store: EventStore) { self.store = store }

    public static func stream(_ cluster: String) -> String { EdgeClusters.stream(cluster) }

    /// Decides `command` for the deployment of `cluster` and records the outcome durably.
    public func execute(_ command: TemplateUpgradeCommand, on cluster: String, actor: String, at: TemplateInstant) async throws -> Outcome {
        var attempts = 0
        while true {
            attempts += 1
            let folded = try state(of: cluster)
            if case .register = command, folded.kind == .edge {
                throw ClusterKindConflict(cluster: cluster, registered: .edge, requested: .templateBased)
            }
            let key = Self.observationKey(command)
            if let key, folded.observed.contains(key) {
                return Outcome(events: [], refusal: nil, state: folded.state, positions: nil)
            }
            let events = TemplateUpgradeDecider.decide(command, folded.state)
            if events.isEmpty { return Outcome(events: [], refusal: nil, state: folded.state, positions: nil) }
            // Only an upgrade still in progress takes the observations: one that succeeded or failed
            // is over, and its audit (`--upgrade`) ends with it, as a replay's does.
            let inProgress = folded.state.upgrade.flatMap { $0.isInProgress ? $0.id : nil }
            let data = try TemplateUpgradeEvent.envelopes(
                for: events, cluster: cluster, actor: actor, at: at.millisecondsSinceEpoch,
                inProgress: inProgress, newID: { TimeOrderedEventID.next() })
            guard let appended = try await store.append(to: Self.stream(cluster), ifAt: folded.revision, events: data) else {
                // Another writer got there first: decide again on fresh state.
                guard attempts < 5 else { throw EventStoreError.wrongExpectedRevision(stream: Self.stream(cluster), expected: folded.revision.map { .exact($0) } ?? .noStream, actual: try store.lastRevision(of: Self.stream(cluster))) }
                cache[cluster] = nil
                continue
            }
            let state = TemplateUpgradeDecider.fold(events, from: folded.state)
            var observed = folded.observed
            for event in events { if let key = Self.observationKey(event) { observed.insert(key) } }
            keep(Folded(state: state, revision: appended.lastRevision,
                        kind: folded.kind ?? state.deployment.map { _ in .templateBased }, observed: observed), for: cluster)
            let refusal = events.compactMap { event -> TemplateUpgradeRefusal? in
                if case .commandRefused(let refusal) = event { refusal } else { nil }
            }.first
            return Outcome(events: events, refusal: refusal, state: state, positions: appended.firstPosition...appended.lastPosition)
        }
    }

    /// The deployment's state, folded from its stream (cached while no one else appended).
    public func state(of cluster: String) throws -> Folded {
        if let cached = cache[cluster], try store.lastRevision(of: Self.stream(cluster)) == cached.revision { return cached }
        var state = TemplateUpgradeState.initial
        var observed = Set<String>()
        let recorded = try store.readStream(Self.stream(cluster))
        for event in recorded where TemplateUpgradeEvent.typeNames.contains(event.type) {
            let decoded = try DomainEventCodec.decode(TemplateUpgradeEvent.self, from: event)
            state = TemplateUpgradeDecider.evolve(state, decoded)
            if let key = Self.observationKey(decoded) { observed.insert(key) }
        }
        let folded = Folded(state: state, revision: recorded.last?.revision, kind: ClusterStreamKind.kind(of: recorded), observed: observed)
        keep(folded, for: cluster)
        return folded
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
