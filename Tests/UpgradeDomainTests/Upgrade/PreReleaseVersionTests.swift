import Testing
import UpgradeDomain

/// A pre-release (`-rc.1`) comes before its release, as semantic versioning orders them; the
/// distribution's revision after `+` counts only between builds of the same pre-release.
@Suite("Pre-release Kubernetes versions")
struct PreReleaseVersionTests {
    @Test(arguments: [
        ("1.31.0-rc.1", "1.31.0"),
        ("v1.31.0-alpha.2", "1.31.0-beta.1"),
        ("1.31.0-rc.2", "1.31.0-rc.10"),
        ("1.31.0-rc", "1.31.0-rc.1"),
        ("1.31.0-1", "1.31.0-alpha"),
        ("1.31.0-rc.1+rke2r2", "1.31.0+rke2r1"),
        ("1.30.9", "1.31.0-alpha.1"),
    ])
    func aPreReleaseComesBeforeWhatFollowsIt(_ earlier: String, _ later: String) throws {
        #expect(try K8sVersion(parsing: earlier) < K8sVersion(parsing: later))
        #expect(try !(K8sVersion(parsing: later) < K8sVersion(parsing: earlier)))
        #expect(try K8sVersion(parsing: earlier) != K8sVersion(parsing: later))
    }

    @Test func theRevisionAfterAPreReleaseCountsAndAnotherBuildDoesNot() throws {
        #expect(try K8sVersion(parsing: "v1.31.0-rc.1+k3s2") > K8sVersion(parsing: "1.31.0-rc.1+k3s1"))
        #expect(try K8sVersion(parsing: "v1.31.0-rc.1+build.2") == K8sVersion(parsing: "1.31.0-rc.1+build.1"))
    }

    @Test(arguments: [("1.31.0", "1.31.0-rc.1"), ("v1.31.0-rc.2+rke2r1", "v1.31.0-rc.1+rke2r1")])
    func goingBackToAPreReleaseIsADowngrade(_ from: String, _ to: String) {
        let scenario = UpgradeScenario.given(edgeCluster(kubernetesVersion: from))
        #expect(scenario.refusal(of: .changeProfile(change(.repave, kubernetes: (from, to)), at: t(1)))
            == .kubernetesDowngrade(from: from, to: to))
    }

    @Test func fromAReleaseCandidateToItsReleaseIsAccepted() {
        var scenario = UpgradeScenario.given(edgeCluster(kubernetesVersion: "1.31.0-rc.1"))
        let events = scenario.when(.changeProfile(change(.noOp, kubernetes: ("1.31.0-rc.1", "1.31.0")), at: t(1)))
        #expect(!events.isEmpty)
        #expect(scenario.state.status == .succeeded(UpgradeSuccess(upgrade: 1, target: nextProfile, newlyOrphanedPacks: [], at: t(1))))
    }
}
