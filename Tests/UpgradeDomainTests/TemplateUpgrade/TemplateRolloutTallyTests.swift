import PropertyBased
import Testing
@testable import UpgradeDomain

/// The rollout tally (kept as objects are observed) against the full view (every machine judged
/// again), on arbitrary watch streams of arbitrary clusters: owners that appear, change, are
/// renamed and go; machines that move between owners, turn ready and up to date, are deleted.
@Suite("The rollout tally judges as the full view does")
struct TemplateRolloutTallyTests {
    typealias F = TemplateFixtures

    /// A small deterministic generator, so that a failing seed can be replayed.
    struct Dice {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
        mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }
    }

    static let deployment = TemplateDeployment(
        clusterId: "tally", clusterName: "tally", namespace: nil, targetInfrastructure: "aws",
        template: "t-1", noProgressDeadlineMilliseconds: 10 * 60_000)

    /// One arbitrary watch event for the cluster: uids from a small pool so that objects change,
    /// move and come back; failures are rare so that upgrades go on long enough to be judged.
    static func event(_ dice: inout Dice, version: inout Int) -> CAPIWatchEvent {
        version += dice.int(1...3)
        let uid = "uid-\(dice.int(0...23))"
        let namespace = dice.pick(["a", "a", "b"])
        let kind: CAPIObjectKind = uid.hasSuffix("0") || uid.hasSuffix("7")
            ? dice.pick([.machineDeployment, .controlPlane("KubeadmControlPlane"), .cluster, .machineSet])
            : (dice.chance(90) ? .machine : .machineDeployment)
        func condition(_ type: String, _ flavor: CAPIConditionFlavor) -> CAPICondition? {
            switch dice.int(0...5) {
            case 0: nil
            case 1: CAPICondition(type: type, status: .false, reason: "Waiting", flavor: flavor)
            case 2: CAPICondition(type: type, status: .unknown, flavor: flavor)
            default: CAPICondition(type: type, status: .true, flavor: flavor)
            }
        }
        let flavor: CAPIConditionFlavor = dice.chance(70) ? .v1beta2 : .v1beta1
        var conditions = [condition("Ready", flavor), condition("UpToDate", .v1beta2), condition("Available", .v1beta2),
                          condition("RollingOut", .v1beta2)].compactMap { $0 }
        if dice.chance(2) { conditions.append(CAPICondition(type: "InfrastructureReady", status: .false, reason: "ProvisioningFailed", flavor: flavor)) }
        let desired = dice.chance(85) ? dice.int(0...4) : nil
        let generation = dice.chance(85) ? dice.int(1...4) : nil
        let object = CAPIObject(
            kind: kind, apiVersion: flavor == .v1beta2 ? .v1beta2 : .v1beta1, uid: uid, resourceVersion: String(version),
            name: kind == .machine ? "m-\(uid)" : dice.pick(["md-0", "md-1", "cp", "tally"]), namespace: namespace,
            clusterName: "tally", isControlPlaneMachine: kind == .machine && dice.chance(30),
            deploymentName: dice.chance(85) ? dice.pick(["md-0", "md-1"]) : nil,
            generation: generation, observedGeneration: generation.map { $0 - (dice.chance(20) ? 1 : 0) },
            isBeingDeleted: dice.chance(3), phase: dice.pick([nil, "Running", "Running", "Provisioning", "Provisioned"]),
            version: dice.pick([nil, "v1.31.9", "v1.32.5", "v1.32.5+k0s.0"]), conditions: conditions,
            replicas: CAPIReplicaCounts(desired: desired, current: desired, ready: desired,
                                        upToDate: dice.chance(60) ? desired.map { $0 - dice.int(0...1) } : nil,
                                        updated: dice.chance(40) ? desired : nil))
        switch dice.int(0...9) {
        case 0: return .deleted(object)
        case 1, 2: return .added(object)
        default: return .modified(object)
        }
    }

    /// Drives one arbitrary history; at every step compares the tally with the full view, the
    /// events decided with the tally with those decided without it, and `decideAndApply` with
    /// `decide` then `fold`.
    static func check(seed: Int) {
        var dice = Dice(state: UInt64(seed))
        var version = 1000
        var state = TemplateUpgradeDecider.fold(F.registered(deployment))
        var changes = 0
        for step in 0..<(40 + dice.int(0...80)) {
            let now = F.t0.adding(milliseconds: Int64(step) * Int64(dice.int(1...240)) * 1000)
            let command: TemplateUpgradeCommand
            switch dice.int(0...29) {
            case 0, 1:
                changes += 1
                command = .changeDeployment(TemplateDeploymentChange(
                    upgradeId: "upg-\(dice.int(1...changes))", template: dice.pick(["t-1", "t-2", "t-3"]), variables: .emptyObject,
                    targetKubernetesVersion: dice.pick([nil, "v1.32.5"]), at: now))
            case 2:
                command = .tick(now: now)
            default:
                command = .observe(event(&dice, version: &version), at: now)
            }
            var untallied = state
            untallied.rollout = nil
            let decided = TemplateUpgradeDecider.decide(command, state)
            #expect(decided == TemplateUpgradeDecider.decide(command, untallied), "seed \(seed), step \(step): \(command)")
            var applied = state
            #expect(TemplateUpgradeDecider.decideAndApply(command, to: &applied) == decided, "seed \(seed), step \(step)")
            state = TemplateUpgradeDecider.fold(decided, from: state)
            #expect(applied == state, "seed \(seed), step \(step)")
            guard let upgrade = state.upgrade, upgrade.isInProgress else {
                #expect(state.rollout == nil)
                continue
            }
            let tally = state.rollout
            #expect(tally != nil, "seed \(seed), step \(step): no tally while \(upgrade.id) is in progress")
            let full = TemplateRolloutView(state: state, start: upgrade.start).figures
            #expect(tally?.figures(in: state) == full, "seed \(seed), step \(step)")
            #expect(applied.rollout?.figures(in: applied) == full, "seed \(seed), step \(step)")
            // Built afresh from the objects, the tally reads the same as the one kept along.
            #expect(TemplateRolloutTally(start: upgrade.start, objects: state.objects).figures(in: state) == full)
        }
    }

    @Test("for any history, the tally's counts, evidence and completion are the full view's")
    func tallyMatchesTheFullView() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1_000_000_000)) { seed in
            Self.check(seed: seed)
        }
    }

    @Test("the recorded fixtures decide the same events with the tally as without it")
    func fixturesDecideAlike() throws {
        for (deployment, baseline, rollouts, version) in [
            (F.eu, "v1beta2-baseline.jsonl", ["v1beta2-rollout-success.jsonl", "v1beta2-rollout-failed.jsonl"], "v1.32.5"),
            (F.us, "v1beta1-baseline.jsonl", ["v1beta1-rollout-success.jsonl", "v1beta1-rollout-failed.jsonl"], "v1.32.4+k0s.0"),
        ] {
            for rollout in rollouts {
                var harness = try F.baselined(deployment, baseline: baseline)
                let target = deployment == F.eu ? "aws-standalone-cp-1-0-15" : "aws-standalone-cp-1-0-13"
                harness.send(F.upgradeTemplate(target, version: version, variables: deployment.variables))
                for (index, event) in try F.stream(rollout).enumerated() {
                    let command = TemplateUpgradeCommand.observe(event, at: F.at(minutes: 11 + Int64(index)))
                    var untallied = harness.state
                    untallied.rollout = nil
                    #expect(TemplateUpgradeDecider.decide(command, untallied) == harness.send(command), "\(rollout) line \(index + 1)")
                }
            }
        }
    }
}
