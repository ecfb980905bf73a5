import EventStore
import Foundation
import UpgradeDomain

/// The shell around the edge upgrade decider: folds a cluster's stream into state, decides a
/// command, and appends the events with the revision the state was folded at. Refusals are
/// recorded too, so the history shows every command that was turned down and why.
///
/// Two writers racing on one cluster cannot both win: the loser's append fails its expected
/// revision, and it decides again on fresh state.
public actor EdgeClusters {
    /// A cluster's state and the stream revision it was folded at (nil: no stream yet).
    public struct Folded: Sendable {
        public var state: ClusterUpgradeState
        /// The stream's last revision, template events included (they share `cluster/<id>`).
        public var revision: UInt64?
        /// The kind registered on the stream, edge or template-based; nil before any registration.
        public var kind: ClusterKind? = nil
    }

    /// What a command did.
    public struct Outcome: Sendable {
        /// The events recorded (a refusal is one `commandRefused` event); empty for an idempotent repeat.
        public var events: [UpgradeEvent]
        public var refusal: CommandRefusal?
        public var state: ClusterUpgradeState
        public var positions: ClosedRange<UInt64>?
    }

    public let store: EventStore
    private let newID: @Sendable () -> UUID
    /// Each state in a box of its own: a dictionary holds its values in every bucket, filled or
    /// not, and a state is about 900 bytes, so boxed the table costs 8 bytes a bucket.
    private var cache: [String: Kept] = [:]
    /// The earliest deadline of each folded cluster's requested node actions, for those that have
    /// any: kept with every state this actor folds or decides, so the overdue are found without
    /// reading the store. That holds while this process is the one writing cluster streams, which
    /// `orchestrator run` makes sure of with its service lock.
    private var deadlines: [String: Timestamp] = [:]
    /// The registered clusters folded here, by status: kept with every state, like `deadlines`,
    /// so counting the fleet costs nothing per cluster.
    private var registeredByStatus: [UpgradeStatus.Kind: Int] = [:]
    /// The status each registered cluster let go of while it is decided on (see `execute`) is
    /// counted under: it stays counted until `keep` sets its state again.
    private var countedWhileDeciding: [String: UpgradeStatus.Kind] = [:]

    public init(store: EventStore, newID: @escaping @Sendable () -> UUID = { TimeOrderedEventID.next() }) {
        self.store = store
        self.newID = newID
    }

    public static func stream(_ cluster: String) -> String { "cluster/\(cluster)" }

    /// A kept state's box; only this actor holds it, and it never leaves.
    private final class Kept {
        var folded: Folded
        init(_ folded: Folded) { self.folded = folded }
    }

    /// Decides `command` for `cluster` and records the outcome durably. `check` sees the state
    /// first and may throw to turn the command away before anything is decided or written.
    /// `causation`: the id of the event the command follows from (an edit of a profile version
    /// fanned out), carried by every event recorded, so the cluster's stream shows it was reached.
    /// `refusedReport`: the agent report the command carries, asked for only when the command is
    /// refused and recorded with the refusal (`CommandRefusal.report`).
    /// `recordedAt`: when the events are recorded, by the recorder's clock: every envelope is dated
    /// then, whatever times the events carry (an agent's, ADR 0019). Nil: each envelope is dated at
    /// its event's time, as the simulator records.
    public func execute(
        _ command: UpgradeCommand, on cluster: String, actor: String, causation: UUID? = nil,
        recordedAt: Timestamp? = nil,
        refusedReport: (@Sendable () -> CommandRefusal.Report)? = nil,
        check: (@Sendable (Folded) throws -> Void)? = nil
    ) async throws -> Outcome {
        var attempts = 0
        while true {
            attempts += 1
            var folded = try state(of: cluster)
            try check?(folded)
            if case .registerCluster = command, folded.kind == .templateBased {
                throw ClusterKindConflict(cluster: cluster, registered: .templateBased, requested: .edge)
            }
            // The cache lets go of the state while it is decided on, so the decision changes it in
            // place instead of copying its collections (which grow with the cluster). A read in
            // the meantime folds the stream afresh; the cache is set again below.
            let activeUpgrade = folded.state.active?.number
            letGo(cluster)
            var state = ClusterUpgradeDecider.initial
            swap(&state, &folded.state)
            var events = ClusterUpgradeDecider.decideAndApply(command, to: &state)
            if let refusedReport, case .commandRefused(var refusal)? = events.first {
                refusal.report = refusedReport()
                events[0] = .commandRefused(refusal)
            }
            if events.isEmpty {
                // Nothing recorded: the state is as it was.
                keep(Folded(state: state, revision: folded.revision, kind: folded.kind), for: cluster)
                return Outcome(events: [], refusal: nil, state: state, positions: nil)
            }

            let data = try Self.envelopes(for: events, activeUpgrade: activeUpgrade, cluster: cluster, actor: actor, at: command.at,
                                          recordedAt: recordedAt, causation: causation, newID: newID)
            guard let appended = try await store.append(to: Self.stream(cluster), ifAt: folded.revision, events: data) else {
                // Another writer got there first: decide again on fresh state.
                guard attempts < 5 else { throw EventStoreError.wrongExpectedRevision(stream: Self.stream(cluster), expected: folded.revision.map { .exact($0) } ?? .noStream, actual: try store.lastRevision(of: Self.stream(cluster))) }
                letGo(cluster)
                continue
            }
            keep(Folded(state: state, revision: appended.lastRevision, kind: folded.kind ?? state.cluster.map { _ in .edge }), for: cluster)
            return Outcome(events: events, refusal: Self.refusal(events), state: state,
                           positions: appended.firstPosition...appended.lastPosition)
        }
    }

    /// The refusal, when the command was refused (then it is the only event).
    private static func refusal(_ events: [UpgradeEvent]) -> CommandRefusal? {
        if case .commandRefused(let refusal)? = events.first { return refusal }
        return nil
    }

    /// The cluster's current state, folded from its stream (cached after the first fold).
    public func state(of cluster: String) throws -> Folded {
        if let cached = cache[cluster]?.folded {
            // Another process may have appended since; the revision tells.
            let revision = try store.lastRevision(of: Self.stream(cluster))
            if revision == cached.revision { return cached }
        }
        let folded = try ClusterHistory.fold(store.readStream(Self.stream(cluster)))
        keep(folded, for: cluster)
        return folded
    }

    /// Folds the streams of `clusters` on `workers` threads at once and keeps their states (a
    /// cluster already folded here is left as it is): what a service does at start-up, before its
    /// API serves. `progress` is told how many are folded as each batch lands; a cancelled task
    /// stops between batches. Returns how many have an upgrade under way.
    @discardableResult
    public func foldAll(
        _ clusters: [String], workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> Int {
        let store = self.store
        let fold: @Sendable (ArraySlice<String>) throws -> [(String, Folded)] = { ids in
            try ids.map { ($0, try ClusterHistory.fold(store.readStream(Self.stream($0)))) }
        }
        var batches = stride(from: 0, to: clusters.count, by: 256).lazy.map { clusters[$0..<min($0 + 256, clusters.count)] }.makeIterator()
        try await withThrowingTaskGroup(of: [(String, Folded)].self) { group in
            // `workers` batches at a time: each one that lands makes room for the next.
            for _ in 0..<max(workers, 1) {
                guard let ids = batches.next() else { break }
                group.addTask { try fold(ids) }
            }
            var done = 0
            while let folded = try await group.next() {
                for (cluster, state) in folded where cache[cluster] == nil { keep(state, for: cluster) }
                done += folded.count
                progress(done)
                try Task.checkCancellation()
                if let ids = batches.next() { group.addTask { try fold(ids) } }
            }
        }
        return clusters.count { cache[$0]?.folded.state.active != nil }
    }

    /// The state of each of `clusters`, from the states kept here (folding those not kept yet),
    /// in one visit: for fleet-wide views and counts, which must not read the store once per
    /// cluster. Kept states are current while this process is the one writing cluster streams
    /// (see `deadlines`).
    public func states(of clusters: [String]) throws -> [ClusterUpgradeState] {
        try clusters.map { cluster in try (cache[cluster]?.folded ?? state(of: cluster)).state }
    }

    /// The clusters folded here with a requested node action due by `now`, in id order.
    public func overdue(at now: Timestamp) -> [String] {
        deadlines.filter { $0.value <= now }.map(\.key).sorted()
    }

    /// The registered clusters folded here, by status. Once `foldAll` has folded every
    /// registered cluster (the service's `resume`), that is the whole fleet.
    public func statusCounts() -> [UpgradeStatus.Kind: Int] { registeredByStatus }

    private func keep(_ folded: Folded, for cluster: String) {
        if let before = countedWhileDeciding.removeValue(forKey: cluster) { registeredByStatus[before, default: 0] -= 1 }
        if folded.state.cluster != nil { registeredByStatus[folded.state.statusKind, default: 0] += 1 }
        if let kept = cache[cluster] {
            if kept.folded.state.cluster != nil { registeredByStatus[kept.folded.state.statusKind, default: 0] -= 1 }
            kept.folded = folded
        } else {
            cache[cluster] = Kept(folded)
        }
        deadlines[cluster] = folded.state.active?.earliestDeadline
    }

    /// Drops a cluster's kept state (so a decision can change it in place); it stays counted.
    private func letGo(_ cluster: String) {
        guard let state = cache.removeValue(forKey: cluster)?.folded.state, state.cluster != nil else { return }
        countedWhileDeciding[cluster] = state.statusKind
    }

    /// Domain events as store envelopes: typed, timed, correlated by upgrade. Each envelope is dated
    /// at `recordedAt` when given (the recorder's time: the times the events carry stay in their
    /// data, ADR 0019), else at its event's own time (`at` for an event without one).
    ///
    /// An event that names no upgrade but acts on the one under way (an approval, a pause, a
    /// deferral) is correlated with that upgrade, so one upgrade's id finds every step of it.
    /// `activeUpgrade` is the number of the upgrade under way when the events were decided;
    /// `causation`, the id of the event they follow from, if any.
    public static func envelopes(
        for events: [UpgradeEvent], activeUpgrade: Int?, cluster: String, actor: String,
        at: Timestamp, recordedAt: Timestamp? = nil, causation: UUID? = nil, newID: () -> UUID
    ) throws -> [EventData] {
        // Which upgrade is under way changes only with events that name their upgrade, so track
        // its number instead of folding the state through every event.
        var active = activeUpgrade
        var correlation: (number: Int, id: UUID)?
        return try events.map { event in
            let number = event.upgradeNumber ?? (event.actsOnActiveUpgrade ? active : nil)
            switch event {
            case .profileChangeAccepted(let accepted): active = accepted.upgrade
            case .upgradeSucceeded, .upgradeFailed, .upgradeCancelled: active = nil
            default: break
            }
            return try DomainEventCodec.encode(
                event, type: event.typeName, id: newID(),
                at: (recordedAt ?? event.at ?? at).millisecondsSinceEpoch, actor: actor,
                correlation: number.map { number in
                    // One upgrade's events share the id: derive it once per call, not per event.
                    if let correlation, correlation.number == number { return correlation.id }
                    let id = StableID.upgrade(cluster: cluster, number: number)
                    correlation = (number, id)
                    return id
                },
                causation: causation
            )
        }
    }
}

/// Rebuilding a cluster's state from its recorded events, whole or up to a point (time travel).
public enum ClusterHistory {
    /// Folds every edge event of the stream; a template deployment's events (same stream name,
    /// other types) are passed over, so such a stream folds to an unregistered edge state.
    /// Refusals are passed over too: they change no state, and a refusal reason added by a later
    /// version (which this one could not decode) must not stop an older one from folding.
    public static func fold(_ recorded: [RecordedEvent]) throws -> EdgeClusters.Folded {
        var state = ClusterUpgradeDecider.initial
        for event in recorded where foldedTypes.contains(event.type) {
            // In place: `state = evolve(state, …)` would copy every collection an event touches.
            ClusterUpgradeDecider.apply(try DomainEventCodec.decode(UpgradeEvent.self, from: event), to: &state)
        }
        return EdgeClusters.Folded(state: state, revision: recorded.last?.revision, kind: ClusterStreamKind.kind(of: recorded))
    }

    /// The event types that change an edge cluster's state: all but `CommandRefused`.
    static let foldedTypes = UpgradeEvent.typeNames.subtracting([UpgradeEvent.commandRefusedTypeName])

    /// The state as it stood just before `position`, then after each later event, each seen by
    /// `observe`: what became of the cluster since a point in the log (an edit of its profile).
    public static func since<T>(_ position: UInt64, in recorded: [RecordedEvent], observe: (ClusterUpgradeState) -> T) throws -> [T] {
        var state = ClusterUpgradeDecider.initial
        var seen: [T] = []
        var observedStart = false
        for event in recorded {
            if event.position >= position, !observedStart {
                seen.append(observe(state))
                observedStart = true
            }
            guard foldedTypes.contains(event.type) else { continue }
            ClusterUpgradeDecider.apply(try DomainEventCodec.decode(UpgradeEvent.self, from: event), to: &state)
            if observedStart { seen.append(observe(state)) }
        }
        if !observedStart { seen.append(observe(state)) }
        return seen
    }

    /// The state as it stood after the last event at or before `position`, or recorded at or before `timeMs`.
    public static func fold(_ recorded: [RecordedEvent], upToPosition position: UInt64? = nil, upToTimeMs timeMs: Int64? = nil) throws -> EdgeClusters.Folded {
        try fold(recorded.filter { event in
            (position.map { event.position <= $0 } ?? true) && (timeMs.map { event.recordedAtMs <= $0 } ?? true)
        })
    }
}
