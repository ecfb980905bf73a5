import PropertyBased
import UpgradeDomain

/// Random registrations and accepted upgrades, of every shape their writers write: every optional
/// present or not, every enum case, empty and longer lists, integers from `Int.min` to `Int.max`.
/// Text is plain (written as it is: ASCII, `/`, DEL, non-ASCII) or, with `escapes`, sometimes holds
/// characters the writers escape.
struct RandomEvents {
    var escapes = false

    static let plain: [Character] = ["a", "z", "A", "0", "9", "-", "_", ".", "/", ":", " ", "+", "~", "\u{7F}", "é", "œ", "€", "😀", "\u{2028}"]
    static let escaped: [Character] = ["\"", "\\", "\n", "\t", "\u{01}", "\u{1F}"]

    var registrations: Generator<UpgradeEvent, Shrink.None<UpgradeEvent>> {
        Generator { [self] rng in registration(&rng) }
    }

    var acceptances: Generator<UpgradeEvent, Shrink.None<UpgradeEvent>> {
        Generator { [self] rng in acceptance(&rng) }
    }

    func registration(_ rng: inout some RandomNumberGenerator) -> UpgradeEvent {
        var policy = UpgradePolicy(stepTimeoutMilliseconds: int64(&rng), maxRetries: 0)
        policy.maxRetries = int(&rng)  // as a decoder may set it: below 0 too
        for step in NodeStep.allCases where Int.random(in: 0..<4, using: &rng) == 0 {
            policy.stepTimeoutOverrides[step] = int64(&rng)
        }
        let pools = list(&rng, upTo: 3) { rng in
            NodePool(id: PoolID(text(&rng)), role: NodeRole.allCases.randomElement(using: &rng)!,
                     nodes: list(&rng, upTo: 4) { rng in
                         FleetNode(id: NodeID(text(&rng)), role: NodeRole.allCases.randomElement(using: &rng)!, isElementalHost: .random(using: &rng))
                     },
                     spareHosts: int(&rng), resetsOnRemoval: .random(using: &rng),
                     rollout: RolloutBudget(maxSurge: rolloutValue(&rng), maxUnavailable: rolloutValue(&rng)))
        }
        let cluster = Cluster(
            id: ClusterID(text(&rng)), kind: ClusterKind.allCases.randomElement(using: &rng)!, targetInfrastructure: text(&rng),
            pools: pools, profile: profile(&rng), status: ClusterStatus.allCases.randomElement(using: &rng)!,
            kubernetesHealth: KubernetesHealth.allCases.randomElement(using: &rng)!, kubernetesVersion: optionalText(&rng),
            cniPack: optionalText(&rng), orphanedPacks: list(&rng, upTo: 3) { text(&$0) })
        return .clusterRegistered(cluster, policy: policy, at: timestamp(&rng))
    }

    func acceptance(_ rng: inout some RandomNumberGenerator) -> UpgradeEvent {
        let change = ProfileChange(
            target: profile(&rng), behavior: Behavior.allCases.randomElement(using: &rng)!, servicesToRestart: list(&rng, upTo: 3) { text(&$0) },
            kubernetesVersion: Bool.random(using: &rng) ? ValueTransition(from: optionalText(&rng), to: optionalText(&rng)) : nil,
            cniPack: Bool.random(using: &rng) ? ValueTransition(from: optionalText(&rng), to: optionalText(&rng)) : nil,
            distribution: Bool.random(using: &rng) ? ValueTransition(from: optionalText(&rng), to: optionalText(&rng)) : nil,
            droppedPacks: list(&rng, upTo: 3) { text(&$0) }, changesOSVersion: .random(using: &rng),
            forceSkipMinor: Bool.random(using: &rng) ? MinorSkipOverride(actor: text(&rng), reason: text(&rng)) : nil,
            requestedBy: text(&rng))
        let plan = UpgradePlan(
            behavior: Behavior.allCases.randomElement(using: &rng)!,
            nodes: list(&rng, upTo: 5) { rng in
                NodePlan(node: NodeID(text(&rng)), pool: PoolID(text(&rng)), role: NodeRole.allCases.randomElement(using: &rng)!,
                         steps: list(&rng, upTo: 6) { NodeStep.allCases.randomElement(using: &$0)! },
                         disruption: [NodeDisruption.none, .surge, .unavailable].randomElement(using: &rng)!)
            },
            limits: list(&rng, upTo: 3) { rng in
                PoolRolloutLimits(pool: PoolID(text(&rng)), role: NodeRole.allCases.randomElement(using: &rng)!,
                                  resolved: ResolvedRollout(maxSurge: int(&rng), maxUnavailable: int(&rng), unavailableRaisedToOne: .random(using: &rng)),
                                  maxUnavailable: int(&rng), maxSurge: int(&rng))
            },
            servicesToRestart: list(&rng, upTo: 3) { text(&$0) },
            notes: list(&rng, upTo: 4) { planNote(&$0) })
        let skip = Bool.random(using: &rng)
            ? ForcedMinorSkip(from: text(&rng), to: text(&rng), override: MinorSkipOverride(actor: text(&rng), reason: text(&rng))) : nil
        return .profileChangeAccepted(AcceptedUpgrade(
            upgrade: int(&rng), change: change, plan: plan, forcedMinorSkip: skip, heldAfterFailure: .random(using: &rng),
            previouslyCordoned: list(&rng, upTo: 3) { NodeID(text(&$0)) }, previouslyRemoved: list(&rng, upTo: 2) { NodeID(text(&$0)) },
            previouslyReplaced: list(&rng, upTo: 2) { NodeID(text(&$0)) }, previouslyRemovalUnknown: list(&rng, upTo: 2) { NodeID(text(&$0)) },
            previouslyReplacementUnknown: list(&rng, upTo: 2) { NodeID(text(&$0)) }, at: timestamp(&rng)))
    }

    func planNote(_ rng: inout some RandomNumberGenerator) -> PlanNote {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: .controlPlaneOneAtATime(members: int(&rng), quorum: int(&rng))
        case 1: .controlPlaneHasNoQuorumTolerance(members: int(&rng))
        case 2: .poolContractsByOneFirst(pool: PoolID(text(&rng)), resetsOnRemoval: .random(using: &rng))
        case 3: .oneNodeUnavailableForInPlaceSteps(pool: PoolID(text(&rng)))
        case 4: .unavailableRaisedToOne(pool: PoolID(text(&rng)))
        default: .elementalInPlaceUpdate(pool: PoolID(text(&rng)))
        }
    }

    func rolloutValue(_ rng: inout some RandomNumberGenerator) -> RolloutValue {
        Bool.random(using: &rng) ? .count(int(&rng)) : .percent(int(&rng))
    }

    func profile(_ rng: inout some RandomNumberGenerator) -> ProfileReference {
        ProfileReference(name: text(&rng), version: text(&rng))
    }

    func timestamp(_ rng: inout some RandomNumberGenerator) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: int64(&rng))
    }

    /// Text of 0 to 12 characters; with `escapes`, one string in four holds escaped ones.
    func text(_ rng: inout some RandomNumberGenerator) -> String {
        let alphabet = escapes && Int.random(in: 0..<4, using: &rng) == 0 ? Self.plain + Self.escaped : Self.plain
        return String((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
    }

    func optionalText(_ rng: inout some RandomNumberGenerator) -> String? {
        Bool.random(using: &rng) ? text(&rng) : nil
    }

    /// 0 to `count` elements.
    func list<G: RandomNumberGenerator, Element>(_ rng: inout G, upTo count: Int, _ element: (inout G) -> Element) -> [Element] {
        (0..<Int.random(in: 0...count, using: &rng)).map { _ in element(&rng) }
    }

    /// The bounds, small numbers, or anything.
    func int64(_ rng: inout some RandomNumberGenerator) -> Int64 {
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: [Int64.min, Int64.max, 0, -1, 1, 10].randomElement(using: &rng)!
        case 1: Int64.random(in: -1000...1000, using: &rng)
        default: Int64.random(in: Int64.min...Int64.max, using: &rng)
        }
    }

    func int(_ rng: inout some RandomNumberGenerator) -> Int { Int(int64(&rng)) }
}
