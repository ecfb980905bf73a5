import EventStore
import Foundation
import UpgradeDomain

extension TemplateUpgradeEvent {
    /// The id of the upgrade this event names, if it names one.
    public var upgradeId: String? {
        switch self {
        case .commandRefused(let refusal): refusal.upgradeId
        case .upgradeStarted(let start): start.upgradeId
        case .upgradeWarned(let warning): warning.upgradeId
        case .rolloutDetected(let upgradeId, _): upgradeId
        case .upgradeProgressed(let progress): progress.upgradeId
        case .upgradeSucceeded(let completion): completion.upgradeId
        case .upgradeFailed(let failure): failure.upgradeId
        case .deploymentRegistered, .upgradePathsDeclared, .objectObserved, .telemetryRecorded: nil
        }
    }

    /// When the event says it happened, if it says.
    public var instant: TemplateInstant? {
        switch self {
        case .deploymentRegistered(_, let at), .upgradePathsDeclared(_, let at), .objectObserved(_, let at),
             .rolloutDetected(_, let at): at
        case .commandRefused(let refusal): refusal.at
        case .upgradeStarted(let start): start.at
        case .upgradeWarned(let warning): warning.at
        case .upgradeProgressed(let progress): progress.at
        case .upgradeSucceeded(let completion): completion.at
        case .upgradeFailed(let failure): failure.at
        case .telemetryRecorded: nil
        }
    }

    /// Template events as store envelopes on the cluster's stream: typed by ``typeName``, timed by
    /// the domain's instants, correlated by upgrade. Events that name no upgrade (observations,
    /// telemetry) take the upgrade in progress, `inProgress` or the latest one named in the batch.
    ///
    /// A refusal (`TemplateCommandRefused`) carries no correlation id, as an edge cluster's
    /// `CommandRefused` carries none: the refused command started nothing, and the upgrade id it
    /// carried (kept in its data) either names an earlier upgrade it was refused from joining (a
    /// reused id) or one that may start later; correlated, the refusal would be listed by
    /// `audit --upgrade` as a step of that upgrade. It stays on the cluster's stream, where
    /// `audit --cluster` finds it.
    public static func envelopes(
        for events: [TemplateUpgradeEvent], cluster: String, actor: String, at ms: Int64, inProgress: String?, newID: () -> UUID
    ) throws -> [EventData] {
        var current = inProgress
        return try events.map { event in
            if case .commandRefused = event {
                return try DomainEventCodec.encode(
                    event, type: event.typeName, id: newID(), at: event.instant?.millisecondsSinceEpoch ?? ms,
                    actor: actor, correlation: nil)
            }
            current = event.upgradeId ?? current
            return try DomainEventCodec.encode(
                event, type: event.typeName, id: newID(), at: event.instant?.millisecondsSinceEpoch ?? ms,
                actor: actor, correlation: current.map { StableID.templateUpgrade(cluster: cluster, upgradeId: $0) })
        }
    }
}
