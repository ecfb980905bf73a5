import Testing
@testable import UpgradeDomain

@Suite("Observations: duplicates, bookmarks, other clusters")
struct TemplateObservationTests {
    typealias F = TemplateFixtures

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
}
