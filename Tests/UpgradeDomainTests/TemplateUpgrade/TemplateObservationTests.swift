import Testing
@testable import UpgradeDomain

@Suite("Observations: duplicates, bookmarks, other clusters")
struct TemplateObservationTests {
    typealias F = TemplateFixtures
    typealias S = TemplateSmallCluster

    func machine(cluster: String = "prod-eu", uid: String = "m-1", rv: String = "10", phase: String = "Running") -> CAPIObject {
        CAPIObject(kind: .machine, apiVersion: .v1beta2, uid: uid, resourceVersion: rv, name: "prod-eu-md-x",
                   namespace: "kcm-system", clusterName: cluster, phase: phase)
    }

    @Test("the same uid and resourceVersion twice changes nothing and emits nothing")
    func duplicateIgnored() {
        let given = F.registered(F.eu) + [.objectObserved(.added(machine()), at: F.t0)]
        let state = TemplateUpgradeDecider.fold(given)
        #expect(TemplateUpgradeDecider.decide(.observe(.modified(machine()), at: F.at(minutes: 1)), state) == [])
        #expect(TemplateUpgradeDecider.decide(.observe(.modified(machine(rv: "11")), at: F.at(minutes: 1)), state).count == 1)
    }

    @Test("a DELETED event with the last seen resourceVersion still removes the machine; a second one is ignored")
    func deletionWithSameVersion() {
        let given = F.registered(F.eu) + [.objectObserved(.added(machine()), at: F.t0)]
        var harness = TemplateHarness(given: given)
        #expect(harness.send(.observe(.deleted(machine()), at: F.at(minutes: 1))).count == 1)
        #expect(harness.state.machines.isEmpty)
        #expect(harness.send(.observe(.deleted(machine()), at: F.at(minutes: 2))) == [])
    }

    @Test("BOOKMARK and ERROR events are ignored")
    func bookmarkIgnored() {
        let state = TemplateUpgradeDecider.fold(F.registered(F.eu))
        #expect(TemplateUpgradeDecider.decide(.observe(.bookmark(resourceVersion: "99"), at: F.t0), state) == [])
        #expect(TemplateUpgradeDecider.decide(.observe(.error(CAPIWatchStatus(reason: "Expired", code: 410)), at: F.t0), state) == [])
    }

    @Test("objects of another cluster or namespace, and observations before registration, are ignored")
    func otherClusterIgnored() {
        let state = TemplateUpgradeDecider.fold(F.registered(F.eu))
        #expect(TemplateUpgradeDecider.decide(.observe(.added(machine(cluster: "prod-us")), at: F.t0), state) == [])
        var elsewhere = machine()
        elsewhere.namespace = "team-a"
        #expect(TemplateUpgradeDecider.decide(.observe(.added(elsewhere), at: F.t0), state) == [])
        #expect(TemplateUpgradeDecider.decide(.observe(.added(machine()), at: F.t0), .initial) == [])
    }

    @Test("a replayed stream (watch restart) changes nothing")
    func replayIgnored() throws {
        var harness = try F.baselined(F.eu, baseline: "v1beta2-baseline.jsonl")
        let before = harness.state
        let replay = harness.observe(try F.stream("v1beta2-baseline.jsonl"), from: F.at(minutes: 5))
        #expect(replay.allSatisfy { $0.isEmpty })
        #expect(harness.state == before)
    }

    @Test("a MODIFIED older than the last one seen (integer resourceVersions) is ignored; a newer one, a non-integer one and a DELETED are applied")
    func olderModificationIgnored() {
        var harness = TemplateHarness(given: F.registered(F.eu) + [.objectObserved(.added(machine(rv: "2003", phase: "Provisioning")), at: F.t0)])
        #expect(harness.send(.observe(.modified(machine(rv: "2010")), at: F.at(minutes: 1))).count == 1)
        #expect(harness.send(.observe(.modified(machine(rv: "2004", phase: "Provisioning")), at: F.at(minutes: 2))) == [])
        #expect(harness.state.machines.map(\.phase) == ["Running"])
        // 2010 against 999: compared as integers, not as text.
        #expect(harness.send(.observe(.modified(machine(rv: "999", phase: "Provisioning")), at: F.at(minutes: 3))) == [])
        #expect(harness.send(.observe(.modified(machine(rv: "10000", phase: "Deleting")), at: F.at(minutes: 4))).count == 1)
        // A version that is not an integer cannot be ordered: only the same one is a duplicate.
        #expect(harness.send(.observe(.modified(machine(rv: "abc", phase: "Running")), at: F.at(minutes: 5))).count == 1)
        #expect(harness.send(.observe(.deleted(machine(rv: "2004", phase: "Deleting")), at: F.at(minutes: 6))).count == 1)
        #expect(harness.state.machines.isEmpty)
    }

    @Test("a late MODIFIED with an older resourceVersion after DELETED does not bring the machine back")
    func lateModificationAfterDeletion() {
        var harness = TemplateHarness(given: F.registered(F.eu) + [.objectObserved(.added(machine(rv: "2003")), at: F.t0)])
        harness.send(.observe(.modified(machine(rv: "2004", phase: "Deleting")), at: F.at(minutes: 1)))
        harness.send(.observe(.deleted(machine(rv: "2005", phase: "Deleting")), at: F.at(minutes: 2)))
        #expect(harness.send(.observe(.modified(machine(rv: "2003")), at: F.at(minutes: 3))) == [])
        #expect(harness.send(.observe(.added(machine(rv: "2006")), at: F.at(minutes: 4))) == [])
        #expect(harness.state.machines.isEmpty)
    }

    @Test("a store in which an older build recorded such a late MODIFIED folds with the machine still deleted")
    func lateModificationRecordedByAnOlderBuild() {
        let state = TemplateUpgradeDecider.fold(F.registered(F.eu) + [
            .objectObserved(.added(machine(rv: "2003")), at: F.t0),
            .objectObserved(.deleted(machine(rv: "2005")), at: F.at(minutes: 1)),
            .objectObserved(.modified(machine(rv: "2003")), at: F.at(minutes: 2)),
        ])
        #expect(state.machines.isEmpty)
    }

    @Test("given the old control plane machine was deleted, when a late MODIFIED of it arrives, then the upgrade still ends when the control plane reports done")
    func ghostMachineDoesNotHoldTheUpgrade() {
        var harness = S.listedHarness(workers: 0)
        harness.send(S.change())
        harness.observe([
            .modified(S.controlPlane(rv: "2000", upToDate: 0, generation: 3, rolling: true)),
            .added(S.machine("small-cp-new", rv: "2001", controlPlane: true)),
            .modified(S.machine("small-cp-0", rv: "2004", controlPlane: true, upToDate: false, deleting: true)),
            .deleted(S.machine("small-cp-0", rv: "2005", controlPlane: true, upToDate: false, deleting: true)),
        ], from: F.at(minutes: 11))
        let late = harness.send(.observe(.modified(S.machine("small-cp-0", rv: "2003", controlPlane: true, upToDate: false)),
                                         at: F.at(minutes: 12)))
        #expect(late == [])
        #expect(harness.state.machines.map(\.name) == ["small-cp-new"])
        let done = harness.send(.observe(.modified(S.controlPlane(rv: "2006", generation: 3)), at: F.at(minutes: 13)))
        #expect(done.contains { $0.isSuccess })
        #expect(harness.state.status.detail.hasPrefix("Upgrade successful: 1 of 1 machines updated"))
    }
}
