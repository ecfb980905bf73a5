import Testing
@testable import UpgradeDomain

/// Replica counts are `int32` in Cluster API: the watch parser refuses any other, and the
/// rollout arithmetic cannot trap on what a build without that check already stored.
@Suite("Replica counts: bounded on the wire, clamped in the fold")
struct TemplateReplicaBoundTests {
    typealias F = TemplateFixtures
    typealias S = TemplateSmallCluster

    static func controlPlaneLine(spec: String = "1", status: String = "{}") -> String {
        #"{"type":"MODIFIED","object":{"apiVersion":"controlplane.cluster.x-k8s.io/v1beta2","kind":"KubeadmControlPlane","#
            + #""metadata":{"name":"c-cp","uid":"u","resourceVersion":"9","labels":{"cluster.x-k8s.io/cluster-name":"c"}},"#
            + #""spec":{"replicas":\#(spec)},"status":\#(status)}}"#
    }

    @Test("a count outside 0...2147483647 is refused, naming its JSON path", arguments: [
        (controlPlaneLine(spec: "9223372036854775807"), "object.spec.replicas: expected an integer from 0 to 2147483647, got 9223372036854775807"),
        (controlPlaneLine(spec: "4611686018427387904"), "object.spec.replicas: expected an integer from 0 to 2147483647, got 4611686018427387904"),
        (controlPlaneLine(spec: "2147483648"), "object.spec.replicas: expected an integer from 0 to 2147483647, got 2147483648"),
        (controlPlaneLine(spec: "-1"), "object.spec.replicas: expected an integer from 0 to 2147483647, got -1"),
        (controlPlaneLine(status: #"{"readyReplicas":9223372036854775807}"#),
         "object.status.readyReplicas: expected an integer from 0 to 2147483647, got 9223372036854775807"),
        (controlPlaneLine(status: #"{"deprecated":{"v1beta1":{"updatedReplicas":-5}}}"#),
         "object.status.deprecated.v1beta1.updatedReplicas: expected an integer from 0 to 2147483647, got -5"),
    ])
    func outOfRangeRefused(line: String, expected: String) {
        #expect {
            _ = try CAPIWatchEventParser.parse(line: line)
        } throws: { error in
            (error as? CAPIWatchParseError)?.description == expected
        }
    }

    @Test("the largest int32 count is accepted")
    func int32MaxAccepted() throws {
        let event = try CAPIWatchEventParser.parse(line: Self.controlPlaneLine(spec: "2147483647"))
        #expect(event.object?.replicas.desired == 2_147_483_647)
    }

    @Test("given a store holding Int.max replicas on both owners, when the upgrade is judged, then nothing traps and the deadline fails it")
    func storedHugeCountsDoNotTrap() throws {
        var harness = S.listedHarness()
        harness.send(S.change())
        // What an older build recorded before counts were bounded.
        var plane = S.controlPlane(rv: "200", generation: 3)
        plane.replicas = CAPIReplicaCounts(desired: Int.max, upToDate: Int.max)
        var workers = S.machineDeployment(rv: "201", generation: 3)
        workers.replicas = CAPIReplicaCounts(desired: Int.max, upToDate: Int.max)
        let given = harness.log + [.objectObserved(.modified(plane), at: F.at(minutes: 11)),
                                   .objectObserved(.modified(workers), at: F.at(minutes: 11))]
        var restarted = TemplateHarness(given: given)
        let now = F.at(minutes: 11 + 10)
        let events = restarted.send(.tick(now: now))
        let failure = try #require(events.first?.failure)
        #expect(failure.message == "4 of 4294967294 machines updated")
        #expect(restarted.state.status.label == "Upgrade failed")
    }

    @Test("an observation that makes the sum overflow is judged, not trapped on")
    func observedHugeCountsDoNotTrap() {
        var harness = S.listedHarness()
        harness.send(S.change())
        var plane = S.controlPlane(rv: "200", generation: 3)
        plane.replicas = CAPIReplicaCounts(desired: 1 << 62, upToDate: 1 << 62)
        var workers = S.machineDeployment(rv: "201", generation: 3)
        workers.replicas = CAPIReplicaCounts(desired: 1 << 62, upToDate: 1 << 62)
        harness.observe([.modified(plane), .modified(workers)], from: F.at(minutes: 11))
        #expect(harness.state.status.detail == "Upgrade in Progress: 4 of 4294967294 machines updated")
    }
}
