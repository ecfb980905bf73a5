import Testing
import UpgradeDomain

@Suite("Deciding and folding in one go")
struct DecideAndApplyTests {
    /// Runs the same commands through `decide` + `evolve` and through `decideAndApply`, step by step.
    func compare(_ commands: [UpgradeCommand], start: ClusterUpgradeState = ClusterUpgradeDecider.initial) {
        var folded = start
        var applied = start
        for command in commands {
            let expected = ClusterUpgradeDecider.decideRecordingRefusals(command, folded)
            if case .success = ClusterUpgradeDecider.decide(command, folded) {
                folded = expected.reduce(folded, ClusterUpgradeDecider.evolve)
            }
            let actual = ClusterUpgradeDecider.decideAndApply(command, to: &applied)
            #expect(actual == expected, "\(command.name)")
            #expect(applied == folded, "\(command.name)")
        }
    }

    @Test func aRebootUpgradeGivesTheSameEventsAndStates() {
        var commands: [UpgradeCommand] = [
            .registerCluster(edgeCluster(controlPlane: 1, workers: 2), policy: testPolicy, at: t(0)),
            .changeProfile(change(.reboot), at: t(1)),
        ]
        var clock: Int64 = 1
        for node in ["cp-1", "w-1", "w-2"] {
            for step in NodeStep.sequence(for: .reboot, elementalInPlace: false, surgeFirst: false) {
                clock += 1
                commands.append(succeeded(NodeID(node), step, at: t(clock)))
            }
        }
        compare(commands)
    }

    @Test func refusalsLeaveTheStateAsItWas() {
        compare([
            .registerCluster(edgeCluster(status: .provisioning), policy: testPolicy, at: t(0)),
            .changeProfile(change(.reboot), at: t(1)),           // refused: provisioning
            .approveRepave(actor: "bob", comment: "", at: t(2)),  // refused: nothing to approve
            .reportClusterStatus(.running, at: t(3)),
            .changeProfile(change(.repave), at: t(4)),
            .approveRepave(actor: "bob", comment: "ok", at: t(5)),
            .pause(actor: "ann", comment: "", at: t(6)),
            .resume(actor: "ann", comment: "", at: t(7)),
            .cancel(actor: "ann", comment: "", at: t(8)),
            .tick(now: t(10_000)),
        ])
    }
}
