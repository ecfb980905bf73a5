import Testing
import UpgradeDomain

struct ProfileEditFanOutTests {
    private func cluster(_ id: ClusterID, on profile: ProfileReference, kind: ClusterKind = .edge) -> Cluster {
        var cluster = edgeCluster()
        cluster.id = id
        cluster.profile = profile
        cluster.kind = kind
        return cluster
    }

    @Test func editingAProfileVersionInPlaceAffectsEveryClusterOnItInIdOrder() {
        let clusters = [
            cluster("edge-c", on: currentProfile), cluster("edge-a", on: currentProfile),
            cluster("edge-b", on: nextProfile), cluster("tmpl-1", on: currentProfile, kind: .templateBased),
        ]
        #expect(ProfileEditFanOut.affectedClusters(byEditOf: currentProfile, in: clusters).map(\.id)
            == ["edge-a", "edge-c", "tmpl-1"])
        let entries = ProfileEditFanOut.commands(forEditOf: currentProfile, in: clusters, at: t(5)) { _ in
            change(.reboot, to: currentProfile)
        }
        #expect(entries.map(\.cluster) == ["edge-a", "edge-c"])
        #expect(entries.first?.command == .changeProfile(change(.reboot, to: currentProfile), at: t(5)))
    }

    @Test func anInPlaceEditRunsThroughTheDeciderLikeAnyChange() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        let entry = ProfileEditFanOut.commands(forEditOf: currentProfile, in: [edgeCluster(workers: 0)], at: t(1)) { _ in
            change(.configReload, to: currentProfile)
        }
        let events = scenario.when(entry[0].command)
        #expect(started(events) == [NodeStepPair("cp-1", .reloadConfiguration)])
    }
}
