import Engine
import EventStore
import Foundation
import UpgradeDomain

/// One decision's events with everything the log needs of them fixed (stream, expected revision,
/// event ids), not yet encoded: either thread may encode it, and the bytes are the same.
struct PendingAppend: Sendable {
    enum Events: Sendable {
        case edge([UpgradeEvent], activeUpgrade: Int?, cluster: String, actor: String, at: Timestamp)
        case template([TemplateUpgradeEvent], cluster: String, actor: String, at: Int64, inProgress: String?)
        case assignment(ClustersAssigned, actor: String, at: Int64)
        case profile(ProfileDocument, actor: String, at: Int64)
    }

    var events: Events
    var stream: String
    var expected: ExpectedRevision
    /// Positioned at the first event's id.
    var ids: TimeOrderedIDs
    /// Set once encoded ahead of the writer (by the simulation's thread, while the writer is behind).
    var encoded: AppendRequest?

    /// The events as a store request: encoded now, unless they were already.
    func request() throws -> AppendRequest {
        if let encoded { return encoded }
        var ids = ids
        let data: [EventData]
        switch events {
        case let .edge(events, active, cluster, actor, at):
            data = try EdgeClusters.envelopes(
                for: events, activeUpgrade: active, cluster: cluster, actor: actor, at: at, newID: { ids.next() })
        case let .template(events, cluster, actor, at, inProgress):
            data = try TemplateUpgradeEvent.envelopes(
                for: events, cluster: cluster, actor: actor, at: at, inProgress: inProgress, newID: { ids.next() })
        case let .assignment(assignment, actor, at):
            data = [try DomainEventCodec.encode(assignment, type: ClustersAssigned.typeName, id: ids.next(), at: at, actor: actor)]
        case let .profile(document, actor, at):
            data = [try DomainEventCodec.encode(document, type: ProfileDocument.publishedType, id: ids.next(), at: at, actor: actor)]
        }
        return AppendRequest(stream: stream, expected: expected, events: data)
    }

    /// Encodes the events now, so the writer only appends them.
    mutating func encode() throws {
        encoded = try request()
    }
}
