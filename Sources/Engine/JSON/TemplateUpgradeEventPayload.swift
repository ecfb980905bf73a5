import Foundation
import UpgradeDomain

/// The stored JSON of a template upgrade event (schema 2), as `UpgradeEventPayload` stores edge
/// events: the case's own value, or its values as one object under their labels.
enum TemplateUpgradeEventPayload {
    /// The payload of `event`, its values written by `write` (the stored bytes with the default;
    /// the tests compare it with Foundation's sorted `JSONEncoder`).
    static func encode(
        _ event: TemplateUpgradeEvent, using write: (any Encodable) throws -> [UInt8] = { try CompactJSONEncoder().encode($0) }
    ) throws -> [UInt8] {
        switch event {
        case .deploymentRegistered(let deployment, let at): return try write(Registered(at: at, deployment: deployment))
        case .upgradePathsDeclared(let paths, let at): return try write(PathsDeclared(at: at, paths: paths))
        case .commandRefused(let refusal): return try write(refusal)
        case .upgradeStarted(let start): return try write(start)
        case .upgradeWarned(let warning): return try write(warning)
        case .objectObserved(let watch, let at): return try write(Observed(at: at, watch: watch))
        case .rolloutDetected(let upgradeId, let at): return try write(RolloutDetected(at: at, upgradeId: upgradeId))
        case .upgradeProgressed(let progress): return try write(progress)
        case .upgradeSucceeded(let completion): return try write(completion)
        case .upgradeFailed(let failure): return try write(failure)
        case .telemetryRecorded(let telemetry): return try write(telemetry)
        }
    }

    /// The event of stored type `type` from its payload; nil when `type` is no template event.
    static func decode(type: String, from payload: Data) throws -> TemplateUpgradeEvent? {
        let decoder = JSONDecoder()
        func value<T: Decodable>(_: T.Type) throws -> T { try decoder.decode(T.self, from: payload) }
        switch type {
        case "TemplateDeploymentRegistered":
            let fields = try value(Registered.self)
            return .deploymentRegistered(fields.deployment, at: fields.at)
        case "TemplateUpgradePathsDeclared":
            let fields = try value(PathsDeclared.self)
            return .upgradePathsDeclared(fields.paths, at: fields.at)
        case "TemplateCommandRefused": return .commandRefused(try value(TemplateUpgradeRefusal.self))
        case "TemplateUpgradeStarted": return .upgradeStarted(try value(TemplateUpgradeStart.self))
        case "TemplateUpgradeWarned": return .upgradeWarned(try value(TemplateUpgradeWarning.self))
        case "ClusterAPIObjectObserved":
            let fields = try value(Observed.self)
            return .objectObserved(fields.watch, at: fields.at)
        case "TemplateRolloutDetected":
            let fields = try value(RolloutDetected.self)
            return .rolloutDetected(upgradeId: fields.upgradeId, at: fields.at)
        case "TemplateUpgradeProgressed": return .upgradeProgressed(try value(TemplateUpgradeProgress.self))
        case "TemplateUpgradeSucceeded": return .upgradeSucceeded(try value(TemplateUpgradeCompletion.self))
        case "TemplateUpgradeFailed": return .upgradeFailed(try value(TemplateUpgradeFailure.self))
        case "UpgradeTelemetryRecorded": return .telemetryRecorded(try value(TemplateUpgradeTelemetry.self))
        default: return nil
        }
    }

    /// The name the first, unlabelled value of a several-value case is stored under, by stored type.
    static let firstValueNames: [String: String] = [
        "TemplateDeploymentRegistered": "deployment", "TemplateUpgradePathsDeclared": "paths", "ClusterAPIObjectObserved": "watch",
    ]

    private struct Registered: Codable {
        var at: TemplateInstant
        var deployment: TemplateDeployment
    }

    private struct PathsDeclared: Codable {
        var at: TemplateInstant
        var paths: [TemplateUpgradePath]?
    }

    private struct Observed: Codable {
        var at: TemplateInstant
        var watch: CAPIWatchEvent
    }

    private struct RolloutDetected: Codable {
        var at: TemplateInstant
        var upgradeId: String
    }
}
