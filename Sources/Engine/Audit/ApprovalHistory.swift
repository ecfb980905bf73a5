import EventStore
import Foundation
import UpgradeDomain

/// Repave decisions from the type index (or one cluster's stream), each joined with its upgrade's
/// acceptance and approval request through the correlation index.
public struct ApprovalHistory: Sendable {
    public static let decisionTypes = ["RepaveApproved", "RepaveDenied"]

    public var cluster: String?
    /// The person who decided (as recorded in the decision).
    public var actor: String?
    /// Decisions recorded at or after this instant.
    public var sinceMs: Int64?
    /// Decisions recorded before this instant.
    public var untilMs: Int64?

    public init(cluster: String? = nil, actor: String? = nil, sinceMs: Int64? = nil, untilMs: Int64? = nil) {
        self.cluster = cluster
        self.actor = actor
        self.sinceMs = sinceMs
        self.untilMs = untilMs
    }

    /// The matching decisions, in log order.
    public func read(from store: EventStore) throws -> [ApprovalRecord] {
        try decisionEvents(store).filter(inRange).compactMap { recorded in
            let event = try DomainEventCodec.decode(UpgradeEvent.self, from: recorded)
            let record: ApprovalRecord
            switch event {
            case .repaveApproved(let decision): record = try joined(recorded, .approved, decision, store)
            case .repaveDenied(let decision): record = try joined(recorded, .denied, decision, store)
            default: return nil
            }
            if let actor, record.decision.actor != actor { return nil }
            return record
        }
    }

    private func inRange(_ event: RecordedEvent) -> Bool {
        (sinceMs.map { event.recordedAtMs >= $0 } ?? true) && (untilMs.map { event.recordedAtMs < $0 } ?? true)
    }

    /// Decision events: the cluster's stream when one is named, else the type index (over only the
    /// stretch of the log a time range lies in, when one is given); in log order.
    private func decisionEvents(_ store: EventStore) throws -> [RecordedEvent] {
        if let cluster {
            return try store.readStream(EdgeClusters.stream(cluster)).filter { Self.decisionTypes.contains($0.type) }
        }
        var stretch: ClosedRange<UInt64> = 1...UInt64.max
        if sinceMs != nil || untilMs != nil {
            guard let range = try store.positionRange(recordedFrom: sinceMs ?? .min, until: untilMs ?? .max) else { return [] }
            stretch = range
        }
        var events: [RecordedEvent] = []
        for type in Self.decisionTypes {
            var next = stretch.lowerBound
            while true {
                let page = try store.events(ofType: type, from: next, limit: 4096)
                events += page.prefix { $0.position <= stretch.upperBound }
                guard let last = page.last, page.count == 4096, last.position < stretch.upperBound else { break }
                next = last.position + 1
            }
        }
        return events.sorted { $0.position < $1.position }
    }

    /// The decision with its upgrade's acceptance and approval request, from the correlation index.
    private func joined(_ recorded: RecordedEvent, _ verdict: ApprovalRecord.Verdict, _ decision: ApprovalDecision,
                        _ store: EventStore) throws -> ApprovalRecord {
        var record = ApprovalRecord(
            position: recorded.position, cluster: ClusterHistory.cluster(ofStream: recorded.stream), verdict: verdict,
            decision: decision, upgrade: recorded.data.correlationID, accepted: nil, requestedMs: nil)
        guard let upgrade = recorded.data.correlationID else { return record }
        // The acceptance and the request open the upgrade: they come first among its events.
        for event in try store.events(correlatedWith: upgrade, limit: 8) where event.position < recorded.position {
            switch event.type {
            case "ProfileChangeAccepted":
                if case .profileChangeAccepted(let accepted) = try DomainEventCodec.decode(UpgradeEvent.self, from: event) {
                    record.accepted = accepted
                }
            case "RepaveApprovalRequested":
                record.requestedMs = event.recordedAtMs
            default: continue
            }
        }
        return record
    }
}
