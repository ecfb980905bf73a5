import EventStore
import Foundation
import UpgradeDomain

/// Repave decisions from the type index (or one cluster's stream), each joined with its upgrade's
/// acceptance and approval request through the correlation index.
public struct ApprovalHistory: Sendable {
    public static let decisionTypes = ["RepaveApproved", "RepaveDenied"]

    /// Only these clusters' decisions; every cluster's when empty.
    public var clusters: [String]
    /// Only decisions by these people (as recorded in the decision); anyone's when empty.
    public var actors: [String]
    /// Decisions recorded at or after this instant.
    public var sinceMs: Int64?
    /// Decisions recorded before this instant.
    public var untilMs: Int64?

    public init(clusters: [String] = [], actors: [String] = [], sinceMs: Int64? = nil, untilMs: Int64? = nil) {
        self.clusters = clusters
        self.actors = actors
        self.sinceMs = sinceMs
        self.untilMs = untilMs
    }

    /// The matching decisions, in log order.
    public func read(from store: EventStore) throws -> [ApprovalRecord] {
        try decisionEvents(store).compactMap { recorded in
            let event = try DomainEventCodec.decode(UpgradeEvent.self, from: recorded)
            let record: ApprovalRecord
            switch event {
            case .repaveApproved(let decision): record = try joined(recorded, .approved, decision, store)
            case .repaveDenied(let decision): record = try joined(recorded, .denied, decision, store)
            default: return nil
            }
            if !actors.isEmpty && !actors.contains(record.decision.actor) { return nil }
            return record
        }
    }

    /// Decision events, in log order: an audit question for the decision types.
    private func decisionEvents(_ store: EventStore) throws -> [RecordedEvent] {
        try AuditQuery(clusters: clusters, types: Self.decisionTypes, sinceMs: sinceMs, untilMs: untilMs, limit: .max).run(on: store)
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
