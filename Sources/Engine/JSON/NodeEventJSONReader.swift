import Foundation
import UpgradeDomain

/// Reads the payloads `NodeEventJSON` writes back (node steps, an upgrade's success), without
/// going through `Decodable`.
///
/// Nine of ten events of a rolling upgrade are `nodeStepStarted`, `nodeStepSucceeded` or
/// `nodeFinished`, and folding a cluster's stream decodes every one of them: through
/// `JSONDecoder` that is most of `orchestrator run`'s start-up on a large fleet. This reads exactly
/// the compact form the writers produce (keys in byte order, no whitespace, strings without
/// escapes, integers as digits: `CompactJSONReader`). Any other text gives nil and goes to
/// `JSONDecoder`, so nothing is read differently from the general path. Debug builds check every
/// event read here against it. Schema 1 payloads (`LegacyPayload`) are read in their own form.
enum NodeEventJSONReader {
    static func decode(_ payload: Data, type: String, schema1: Bool = false) -> UpgradeEvent? {
        let read: (inout CompactJSONReader) -> UpgradeEvent?
        switch type {
        case "NodeStepStarted":
            read = { $0.wrapped(#"{"nodeStepStarted":{"_0":"#, "}}") { $0.actionRequest() }.map(UpgradeEvent.nodeStepStarted) }
        case "NodeStepSucceeded":
            read = { $0.wrapped(#"{"nodeStepSucceeded":{"_0":"#, "}}") { $0.success() }.map(UpgradeEvent.nodeStepSucceeded) }
        case "NodeFinished": read = { $0.wrapped(#"{"nodeFinished":"#, "}") { $0.nodeFinished() } }
        case "UpgradeSucceeded":
            read = { $0.wrapped(#"{"upgradeSucceeded":{"_0":"#, "}}") { $0.upgradeSuccess() }.map(UpgradeEvent.upgradeSucceeded) }
        default: return nil
        }
        return CompactJSONReader.readEvent(payload, type: type, schema1: schema1, by: "NodeEventJSONReader", read)
    }
}

private extension CompactJSONReader {
    mutating func actionRequest() -> NodeActionRequest? {
        guard literal(#"{"attempt":"#), let attempt = int(),
              literal(#","deadline":"#), let deadline = timestamp(),
              literal(#","node":"#), let node = identifier(),
              literal(#","pool":"#), let pool = identifier(),
              literal(#","requestedAt":"#), let requestedAt = timestamp(),
              literal(#","services":"#), let services = strings(),
              let startedAt = optional(#","startedAt":"#, { $0.timestamp() }),
              literal(#","step":"#), let step = string().flatMap(NodeStep.init(rawValue:)),
              literal(#","stepIndex":"#), let stepIndex = int(),
              literal(#","upgrade":"#), let upgrade = int(), literal("}") else { return nil }
        return NodeActionRequest(upgrade: upgrade, node: NodeID(node), pool: PoolID(pool), step: step, stepIndex: stepIndex,
                                 attempt: attempt, requestedAt: requestedAt, deadline: deadline, services: services, startedAt: startedAt)
    }

    mutating func success() -> NodeStepSuccess? {
        guard literal(#"{"at":"#), let at = timestamp(),
              literal(#","attempt":"#), let attempt = int(),
              literal(#","idempotencyKey":"#), let key = string(),
              literal(#","node":"#), let node = identifier(),
              literal(#","step":"#), let step = string().flatMap(NodeStep.init(rawValue:)),
              literal(#","upgrade":"#), let upgrade = int(), literal("}") else { return nil }
        return NodeStepSuccess(upgrade: upgrade, node: NodeID(node), step: step, attempt: attempt, idempotencyKey: key, at: at)
    }

    mutating func upgradeSuccess() -> UpgradeSuccess? {
        guard literal(#"{"at":"#), let at = timestamp(),
              literal(#","newlyOrphanedPacks":"#), let orphaned = strings(),
              literal(#","target":"#), let target = profile(),
              literal(#","upgrade":"#), let upgrade = int(), literal("}") else { return nil }
        return UpgradeSuccess(upgrade: upgrade, target: target, newlyOrphanedPacks: orphaned, at: at)
    }

    mutating func nodeFinished() -> UpgradeEvent? {
        guard literal(#"{"at":"#), let at = timestamp(),
              literal(#","node":"#), let node = identifier(),
              literal(#","upgrade":"#), let upgrade = int(), literal("}") else { return nil }
        return .nodeFinished(upgrade: upgrade, node: NodeID(node), at: at)
    }
}
