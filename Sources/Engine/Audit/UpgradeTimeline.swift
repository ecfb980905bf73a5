import EventStore
import Foundation
import UpgradeDomain

/// One upgrade from its acceptance to its end, read through the correlation index: every node
/// step with its duration, and the milestones (approval, deferral, pause, the ending) in order.
public struct UpgradeTimeline: Sendable {
    /// The upgrade's id (`StableID.upgrade`), the correlation id of its events.
    public var upgrade: UUID
    /// The cluster, from the stream the events belong to; nil when nothing was found.
    public var cluster: String?
    /// What was accepted: number, change, plan.
    public var accepted: AcceptedUpgrade?
    /// Steps and milestones, in log order.
    public var rows: [TimelineRow]
    /// `succeeded`, `failed`, `cancelled`, or `running` while none of those is recorded.
    public var outcome: String
    /// When the upgrade ended, if it did.
    public var endedMs: Int64?
    /// Correlated events that are not edge upgrade events (left out).
    public var skipped: Int

    /// When the upgrade was accepted.
    public var startedMs: Int64? { accepted?.at.millisecondsSinceEpoch ?? rows.first?.startedMs }
    /// From acceptance to the end (nil while it runs).
    public var totalMs: Int64? {
        guard let startedMs, let endedMs else { return nil }
        return endedMs - startedMs
    }
    /// Whether the store holds nothing for this id.
    public var isEmpty: Bool { rows.isEmpty && skipped == 0 }

    /// Reads the upgrade's events from the correlation index and builds its timeline.
    public static func read(_ upgrade: UUID, from store: EventStore) throws -> UpgradeTimeline {
        var events: [RecordedEvent] = []
        var next: UInt64 = 1
        let page = 4096
        while true {
            let found = try store.events(correlatedWith: upgrade, from: next, limit: page)
            events += found
            guard let last = found.last, found.count == page else { break }
            next = last.position + 1
        }
        return try UpgradeTimeline(upgrade: upgrade, events: events)
    }

    /// Builds the timeline from the upgrade's recorded events (in log order).
    public init(upgrade: UUID, events: [RecordedEvent]) throws {
        var builder = TimelineBuilder()
        var skipped = 0
        for recorded in events {
            guard UpgradeEvent.typeNames.contains(recorded.type) else { skipped += 1; continue }
            builder.add(try DomainEventCodec.decode(UpgradeEvent.self, from: recorded), at: recorded.position)
        }
        self.upgrade = upgrade
        self.cluster = events.first.map { ClusterHistory.cluster(ofStream: $0.stream) }
        self.accepted = builder.accepted
        self.rows = builder.rows
        self.outcome = builder.outcome ?? "running"
        self.endedMs = builder.endedMs
        self.skipped = skipped
    }
}
