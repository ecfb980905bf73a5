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

    private func idle(_ cluster: Cluster) -> ClusterUpgradeState { ClusterUpgradeState(cluster: cluster) }

    @Test func editingAProfileVersionInPlaceAffectsEveryClusterOnItInIdOrder() {
        let states = [
            idle(cluster("edge-c", on: currentProfile)), idle(cluster("edge-a", on: currentProfile)),
            idle(cluster("edge-b", on: nextProfile)), idle(cluster("tmpl-1", on: currentProfile, kind: .templateBased)),
            ClusterUpgradeState(),  // folded, never registered
        ]
        #expect(ProfileEditFanOut.affectedClusters(byEditOf: currentProfile, in: states).map(\.id)
            == ["edge-a", "edge-c", "tmpl-1"])
        let entries = ProfileEditFanOut.commands(forEditOf: currentProfile, in: states, at: t(5)) { _ in
            change(.reboot, to: currentProfile)
        }
        #expect(entries.map(\.cluster) == ["edge-a", "edge-c"])
        #expect(entries.first?.command == .changeProfile(change(.reboot, to: currentProfile), at: t(5)))
    }

    @Test func anInPlaceEditRunsThroughTheDeciderLikeAnyChange() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        let entry = ProfileEditFanOut.commands(forEditOf: currentProfile, in: [scenario.state], at: t(1)) { _ in
            change(.configReload, to: currentProfile)
        }
        let events = scenario.when(entry[0].command)
        #expect(started(events) == [NodeStepPair("cp-1", .reloadConfiguration)])
    }

    @Test func aClusterUpgradingAwayFromTheEditedVersionIsNotCalledBackToIt() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        scenario.given(.changeProfile(change(.reboot, to: nextProfile), at: t(1)))
        #expect(scenario.state.active != nil && scenario.state.cluster?.profile == currentProfile)
        #expect(ProfileEditFanOut.affectedClusters(byEditOf: currentProfile, in: [scenario.state]).isEmpty)
    }

    @Test func aClusterUpgradingToTheEditedVersionTakesTheEditAfterItsUpgrade() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        scenario.given(.changeProfile(change(.reboot, to: nextProfile), at: t(1)))
        let entries = ProfileEditFanOut.commands(forEditOf: nextProfile, in: [scenario.state], at: t(2)) { _ in
            change(.configReload, to: nextProfile)
        }
        #expect(entries.map(\.cluster) == [scenario.state.cluster!.id])
        let events = scenario.when(entries[0].command)
        guard case .profileChangeQueued? = events.first else { Issue.record("not queued: \(events)"); return }
        #expect(ProfileEditFanOut.destination(of: scenario.state) == nextProfile)
    }

    @Test func aClusterWithAChangeQueuedIsHeadingToTheQueuedVersion() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        scenario.given(.changeProfile(change(.reboot, to: nextProfile), at: t(1)),
                       .changeProfile(change(.reboot, to: laterProfile), at: t(2)))
        #expect(ProfileEditFanOut.destination(of: scenario.state) == laterProfile)
        #expect(ProfileEditFanOut.affectedClusters(byEditOf: nextProfile, in: [scenario.state]).isEmpty)
        #expect(ProfileEditFanOut.affectedClusters(byEditOf: laterProfile, in: [scenario.state]).count == 1)
    }

    @Test func aClusterAwaitsAnEditCutShortOnlyIfItWasHeadingToTheVersionThenAndEverSince() {
        #expect(ProfileEditFanOut.awaits(editOf: currentProfile, destinations: [currentProfile, currentProfile, currentProfile]))
        // Registered, or assigned, after the edit: it was given the edited content.
        #expect(!ProfileEditFanOut.awaits(editOf: currentProfile, destinations: [nil, currentProfile]))
        #expect(!ProfileEditFanOut.awaits(editOf: currentProfile, destinations: [nextProfile, currentProfile]))
        // Left and came back: assessed against the edited content on its way back.
        #expect(!ProfileEditFanOut.awaits(editOf: currentProfile, destinations: [currentProfile, nextProfile, currentProfile]))
        #expect(!ProfileEditFanOut.awaits(editOf: currentProfile, destinations: []))
    }
}
