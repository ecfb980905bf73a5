import Foundation
import UpgradeDomain

/// Reads the payload `AcceptedUpgradeJSON` writes back, without going through `Decodable`.
///
/// Every upgrade's first event is its `profileChangeAccepted`, whose plan names every node of the
/// cluster with its steps: the largest payload a fold reads, and through `JSONDecoder` the costliest
/// after the node steps. This reads exactly the writer's compact form (`CompactJSONReader`), the
/// change, its forced minor skip and the plan's notes included (the writer sends those through
/// `CompactJSONEncoder`, their `Codable` form: optional fields present only when not nil, a note as
/// `{"case":{"label":…}}`). Every value the writer writes is read here except one with a string
/// that needs an escape; that, and any other text, gives nil and goes to `JSONDecoder`. Debug
/// builds check every event read here against it.
enum AcceptedUpgradeJSONReader {
    static func decode(_ payload: Data, type: String, schema1: Bool = false) -> UpgradeEvent? {
        guard type == "ProfileChangeAccepted" else { return nil }
        return CompactJSONReader.readEvent(payload, type: type, schema1: schema1, by: "AcceptedUpgradeJSONReader") { reader -> UpgradeEvent? in
            reader.wrapped(#"{"profileChangeAccepted":{"_0":"#, "}}") { $0.acceptedUpgrade() }.map(UpgradeEvent.profileChangeAccepted)
        }
    }
}

private extension CompactJSONReader {
    mutating func acceptedUpgrade() -> AcceptedUpgrade? {
        guard literal(#"{"at":"#), let at = timestamp(),
              literal(#","change":"#), let change = profileChange(),
              let skip = optional(#","forcedMinorSkip":"#, { $0.forcedMinorSkip() }),
              literal(#","heldAfterFailure":"#), let held = bool(),
              literal(#","plan":"#), let plan = plan(),
              literal(#","previouslyCordoned":"#), let cordoned = list({ $0.identifier() }),
              let removalUnknown = optional(#","previouslyRemovalUnknown":"#, { $0.list({ $0.identifier() }) }),
              let removed = optional(#","previouslyRemoved":"#, { $0.list({ $0.identifier() }) }),
              let replaced = optional(#","previouslyReplaced":"#, { $0.list({ $0.identifier() }) }),
              let replacementUnknown = optional(#","previouslyReplacementUnknown":"#, { $0.list({ $0.identifier() }) }),
              literal(#","upgrade":"#), let upgrade = int(), literal("}") else { return nil }
        return AcceptedUpgrade(upgrade: upgrade, change: change, plan: plan, forcedMinorSkip: skip, heldAfterFailure: held,
                               previouslyCordoned: cordoned.map { NodeID($0) }, previouslyRemoved: (removed ?? []).map { NodeID($0) },
                               previouslyReplaced: (replaced ?? []).map { NodeID($0) },
                               previouslyRemovalUnknown: (removalUnknown ?? []).map { NodeID($0) },
                               previouslyReplacementUnknown: (replacementUnknown ?? []).map { NodeID($0) }, at: at)
    }

    mutating func profileChange() -> ProfileChange? {
        guard literal(#"{"behavior":"#), let behavior = string().flatMap(Behavior.init(rawValue:)),
              literal(#","changesOSVersion":"#), let changesOS = bool(),
              let cniPack = optional(#","cniPack":"#, { $0.valueTransition() }),
              let distribution = optional(#","distribution":"#, { $0.valueTransition() }),
              literal(#","droppedPacks":"#), let dropped = strings(),
              let forceSkip = optional(#","forceSkipMinor":"#, { $0.minorSkipOverride() }),
              let kubernetes = optional(#","kubernetesVersion":"#, { $0.valueTransition() }),
              literal(#","requestedBy":"#), let requestedBy = string(),
              literal(#","servicesToRestart":"#), let services = strings(),
              literal(#","target":"#), let target = profile(), literal("}") else { return nil }
        return ProfileChange(target: target, behavior: behavior, servicesToRestart: services, kubernetesVersion: kubernetes,
                             cniPack: cniPack, distribution: distribution, droppedPacks: dropped, changesOSVersion: changesOS, forceSkipMinor: forceSkip,
                             requestedBy: requestedBy)
    }

    /// `{"from":"…","to":"…"}`, either left out when nil.
    mutating func valueTransition() -> ValueTransition? {
        guard literal("{"), let from = optional(#""from":"#, { $0.string() }),
              let to = optional(from == nil ? #""to":"# : #","to":"#, { $0.string() }), literal("}") else { return nil }
        return ValueTransition(from: from, to: to)
    }

    mutating func minorSkipOverride() -> MinorSkipOverride? {
        guard literal(#"{"actor":"#), let actor = string(),
              literal(#","reason":"#), let reason = string(), literal("}") else { return nil }
        return MinorSkipOverride(actor: actor, reason: reason)
    }

    mutating func forcedMinorSkip() -> ForcedMinorSkip? {
        guard literal(#"{"from":"#), let from = string(),
              literal(#","override":"#), let override = minorSkipOverride(),
              literal(#","to":"#), let to = string(), literal("}") else { return nil }
        return ForcedMinorSkip(from: from, to: to, override: override)
    }

    mutating func plan() -> UpgradePlan? {
        guard literal(#"{"behavior":"#), let behavior = string().flatMap(Behavior.init(rawValue:)),
              literal(#","limits":"#), let limits = list({ $0.limits() }),
              literal(#","nodes":"#), let nodes = list({ $0.nodePlan() }),
              literal(#","notes":"#), let notes = list({ $0.planNote() }),
              literal(#","servicesToRestart":"#), let services = strings(), literal("}") else { return nil }
        return UpgradePlan(behavior: behavior, nodes: nodes, limits: limits, servicesToRestart: services, notes: notes)
    }

    mutating func limits() -> PoolRolloutLimits? {
        guard literal(#"{"maxSurge":"#), let maxSurge = int(),
              literal(#","maxUnavailable":"#), let maxUnavailable = int(),
              literal(#","pool":"#), let pool = identifier(),
              literal(#","resolved":{"maxSurge":"#), let resolvedSurge = int(),
              literal(#","maxUnavailable":"#), let resolvedUnavailable = int(),
              literal(#","unavailableRaisedToOne":"#), let raised = bool(),
              literal(#"},"role":"#), let role = string().flatMap(NodeRole.init(rawValue:)), literal("}") else { return nil }
        return PoolRolloutLimits(
            pool: PoolID(pool), role: role,
            resolved: ResolvedRollout(maxSurge: resolvedSurge, maxUnavailable: resolvedUnavailable, unavailableRaisedToOne: raised),
            maxUnavailable: maxUnavailable, maxSurge: maxSurge)
    }

    mutating func nodePlan() -> NodePlan? {
        guard literal(#"{"disruption":"#), let disruption = string().flatMap(NodeDisruption.init(rawValue:)),
              literal(#","node":"#), let node = identifier(),
              literal(#","pool":"#), let pool = identifier(),
              literal(#","role":"#), let role = string().flatMap(NodeRole.init(rawValue:)),
              literal(#","steps":"#), let steps = list({ $0.string().flatMap(NodeStep.init(rawValue:)) }),
              literal("}") else { return nil }
        return NodePlan(node: NodeID(node), pool: PoolID(pool), role: role, steps: steps, disruption: disruption)
    }

    /// `{"case":{"label":…,…}}`, labels in byte order.
    mutating func planNote() -> PlanNote? {
        let note: PlanNote?
        if literal(#"{"controlPlaneOneAtATime":{"members":"#) {
            guard let members = int(), literal(#","quorum":"#), let quorum = int() else { return nil }
            note = .controlPlaneOneAtATime(members: members, quorum: quorum)
        } else if literal(#"{"controlPlaneHasNoQuorumTolerance":{"members":"#) {
            note = int().map { .controlPlaneHasNoQuorumTolerance(members: $0) }
        } else if literal(#"{"poolContractsByOneFirst":{"pool":"#) {
            guard let pool = identifier(), literal(#","resetsOnRemoval":"#), let resets = bool() else { return nil }
            note = .poolContractsByOneFirst(pool: PoolID(pool), resetsOnRemoval: resets)
        } else if literal(#"{"oneNodeUnavailableForInPlaceSteps":{"pool":"#) {
            note = identifier().map { .oneNodeUnavailableForInPlaceSteps(pool: PoolID($0)) }
        } else if literal(#"{"unavailableRaisedToOne":{"pool":"#) {
            note = identifier().map { .unavailableRaisedToOne(pool: PoolID($0)) }
        } else if literal(#"{"elementalInPlaceUpdate":{"pool":"#) {
            note = identifier().map { .elementalInPlaceUpdate(pool: PoolID($0)) }
        } else {
            return nil
        }
        return literal("}}") ? note : nil
    }
}
