import Testing
import UpgradeDomain

struct GuardrailTests {
    @Test func anUpdateWhileTheClusterIsProvisioningIsRefused() {
        let scenario = UpgradeScenario.given(edgeCluster(status: .provisioning))
        #expect(scenario.refusal(of: .changeProfile(change(.reboot), at: t(1))) == .clusterIsProvisioning)
    }

    @Test func anUpdateIsAcceptedOnceTheClusterReportsRunning() {
        var scenario = UpgradeScenario.given(edgeCluster(status: .provisioning))
        scenario.given(.reportClusterStatus(.running, at: t(1)))
        let events = scenario.when(.changeProfile(change(.noOp), at: t(2)))
        #expect(events.count == 2)
        #expect(scenario.state.status == .succeeded(UpgradeSuccess(upgrade: 1, target: nextProfile, newlyOrphanedPacks: [], at: t(2))))
    }

    @Test func anUpdateWhileTheClusterIsDeletingIsRefused() {
        let scenario = UpgradeScenario.given(edgeCluster(status: .deleting))
        #expect(scenario.refusal(of: .changeProfile(change(.reboot), at: t(1))) == .clusterIsDeleting)
    }

    @Test(arguments: [
        ("v1.30.1+k3s1", "v1.29.9+k3s1"), ("1.30.1", "1.30.0"), ("v1.30.1+rke2r1", "1.2.0"),
        // An earlier revision of the same distribution's build (ADR 0023), in either spelling.
        ("v1.30.4+rke2r2", "v1.30.4+rke2r1"), ("v1.31.2+k3s10", "v1.31.2+k3s9"),
        ("v1.30.4-rke2r2", "v1.30.4+rke2r1"), ("v1.30.4+rke2r2", "v1.30.4-rke2r1"),
    ])
    func aKubernetesDowngradeIsRefused(_ from: String, _ to: String) {
        let scenario = UpgradeScenario.given(edgeCluster(kubernetesVersion: from))
        #expect(scenario.refusal(of: .changeProfile(change(.repave, kubernetes: (from, to)), at: t(1)))
            == .kubernetesDowngrade(from: from, to: to))
    }

    /// A later revision is a release of the distribution; the image tag spelling of the same
    /// revision, another distribution's build (the distribution guardrail's business) or a build
    /// that names no revision does not go back.
    @Test(arguments: [
        ("v1.30.4+rke2r1", "v1.30.4+rke2r2"), ("v1.31.2+k3s9", "v1.31.2+k3s10"), ("v1.30.4+rke2r1", "v1.30.4-rke2r1"),
        ("v1.30.4+rke2r2", "v1.30.4+k3s1"), ("v1.30.4+rke2r2", "v1.30.4"), ("v1.30.4+rke2r2", "v1.30.4+build.1"),
    ])
    func aChangeOfTheBuildThatDoesNotGoBackIsAccepted(_ from: String, _ to: String) throws {
        var scenario = UpgradeScenario.given(edgeCluster(kubernetesVersion: from))
        let events = scenario.when(.changeProfile(change(.reboot, kubernetes: (from, to)), at: t(1)))
        guard case .profileChangeAccepted(let accepted) = try #require(events.first) else {
            Issue.record("expected an accepted change first, got \(events)")
            return
        }
        #expect(accepted.change.kubernetesVersion == ValueTransition(from: from, to: to))
    }

    @Test func anotherDistributionsBuildOnAnEdgeClusterIsRefusedAsADistributionChange() {
        let scenario = UpgradeScenario.given(edgeCluster(kubernetesVersion: "v1.30.4+rke2r2"))
        var swap = change(.repave, kubernetes: ("v1.30.4+rke2r2", "v1.30.4+k3s1"))
        swap.distribution = ValueTransition(from: "rke2", to: "k3s")
        #expect(scenario.refusal(of: .changeProfile(swap, at: t(1))) == .kubernetesDistributionChangeOnEdge(from: "rke2", to: "k3s"))
    }

    @Test func theVersionTheClusterRunsIsTheBaseEvenIfTheChangeSaysOtherwise() {
        let scenario = UpgradeScenario.given(edgeCluster(kubernetesVersion: "v1.31.0+k3s1"))
        #expect(scenario.refusal(of: .changeProfile(change(.repave, kubernetes: ("v1.29.0+k3s1", "v1.30.5+k3s1")), at: t(1)))
            == .kubernetesDowngrade(from: "v1.31.0+k3s1", to: "v1.30.5+k3s1"))
    }

    @Test func aSkippedMinorVersionIsRefused() {
        let scenario = UpgradeScenario.given(edgeCluster())
        #expect(scenario.refusal(of: .changeProfile(change(.repave, kubernetes: ("v1.30.1+k3s1", "v1.32.0+k3s1")), at: t(1)))
            == .skippedMinorVersion(from: "v1.30.1+k3s1", to: "v1.32.0+k3s1"))
    }

    @Test func aForcedMinorSkipIsAcceptedAndTheForceIsRecorded() throws {
        var scenario = UpgradeScenario.given(edgeCluster())
        let force = MinorSkipOverride(actor: "bob", reason: "vendor-certified path")
        let events = scenario.when(.changeProfile(
            change(.repave, kubernetes: ("v1.30.1+k3s1", "v1.32.0+k3s1"), force: force), at: t(1)))
        guard case .profileChangeAccepted(let accepted) = try #require(events.first) else {
            Issue.record("expected an accepted change first, got \(events)")
            return
        }
        #expect(accepted.forcedMinorSkip == ForcedMinorSkip(from: "v1.30.1+k3s1", to: "v1.32.0+k3s1", override: force))
    }

    @Test func aNextMinorUpgradeRecordsNoForce() throws {
        var scenario = UpgradeScenario.given(edgeCluster())
        let events = scenario.when(.changeProfile(change(.repave, kubernetes: ("v1.30.1+k3s1", "v1.31.2+k3s1")), at: t(1)))
        guard case .profileChangeAccepted(let accepted) = try #require(events.first) else {
            Issue.record("expected an accepted change first")
            return
        }
        #expect(accepted.forcedMinorSkip == nil)
    }

    @Test func aCNIPackChangeOnAnEdgeClusterIsRefused() {
        let scenario = UpgradeScenario.given(edgeCluster())
        #expect(scenario.refusal(of: .changeProfile(change(.serviceRestart, cni: ("cni-calico", "cni-cilium")), at: t(1)))
            == .cniChangeOnEdge(from: "cni-calico", to: "cni-cilium"))
    }

    @Test func removingOrAddingTheCNIPackOnAnEdgeClusterIsRefused() {
        let scenario = UpgradeScenario.given(edgeCluster())
        #expect(scenario.refusal(of: .changeProfile(change(.serviceRestart, cni: ("cni-calico", nil)), at: t(1)))
            == .cniChangeOnEdge(from: "cni-calico", to: nil))
        let withoutCNI = UpgradeScenario.given(edgeCluster(cniPack: nil))
        #expect(withoutCNI.refusal(of: .changeProfile(change(.serviceRestart, cni: (nil, "cni-cilium")), at: t(1)))
            == .cniChangeOnEdge(from: nil, to: "cni-cilium"))
    }

    @Test func anotherKubernetesDistributionOnAnEdgeClusterIsRefused() {
        let scenario = UpgradeScenario.given(edgeCluster())
        var swap = change(.reboot)
        swap.distribution = ValueTransition(from: "k3s", to: "rke2")
        #expect(scenario.refusal(of: .changeProfile(swap, at: t(1))) == .kubernetesDistributionChangeOnEdge(from: "k3s", to: "rke2"))
    }

    @Test func changingValuesOfTheSameCNIPackIsAllowed() {
        var scenario = UpgradeScenario.given(edgeCluster())
        let events = scenario.when(.changeProfile(
            change(.serviceRestart, services: ["calico-node"], cni: ("cni-calico", "cni-calico")), at: t(1)))
        #expect(!events.isEmpty)
    }

    @Test func anUnparseableVersionIsRefusedWithTheText() {
        let scenario = UpgradeScenario.given(edgeCluster())
        #expect(scenario.refusal(of: .changeProfile(change(.repave, kubernetes: ("v1.30.1", "latest")), at: t(1)))
            == .unparseableKubernetesVersion("latest"))
    }

    @Test func aTemplateBasedClusterIsNotDrivenByTheEdgeDecider() {
        var cluster = edgeCluster()
        cluster.kind = .templateBased
        #expect(UpgradeScenario.given(events: []).refusal(of: .registerCluster(cluster, policy: testPolicy, at: t(0)))
            == .unsupportedClusterKind(.templateBased))
    }

    @Test func aClusterWithANodeInTheWrongPoolCannotBeRegistered() {
        var cluster = edgeCluster()
        cluster.pools[1].nodes[0].role = .controlPlane
        #expect(UpgradeScenario.given(events: []).refusal(of: .registerCluster(cluster, policy: testPolicy, at: t(0)))
            == .invalidCluster(.nodeRoleMismatch(node: "w-1", nodeRole: .controlPlane, pool: "workers", poolRole: .worker)))
    }

    @Test func aClusterWithoutAControlPlanePoolCannotBeRegistered() {
        var cluster = edgeCluster()
        cluster.pools.removeAll { $0.role == .controlPlane }
        #expect(UpgradeScenario.given(events: []).refusal(of: .registerCluster(cluster, policy: testPolicy, at: t(0)))
            == .invalidCluster(.noControlPlanePool))
    }

    @Test func validationErrorsReadAsSentencesWithoutSwiftTypeNames() {
        #expect("\(FleetValidationError.duplicateNode("a"))" == "node a appears more than once in the cluster")
        #expect("\(FleetValidationError.negativeSpareHosts(pool: "cp", value: -3))" == "pool cp has -3 spare hosts; it needs 0 or more")
        #expect("\(FleetValidationError.invalidRolloutBudget(pool: "w", .bothZero))"
            == "pool w: maxSurge and maxUnavailable are both 0, so the rollout could never make progress")
    }

    @Test func commandsBeforeRegistrationAreRefused() {
        #expect(UpgradeScenario.given(events: []).refusal(of: .changeProfile(change(.noOp), at: t(1))) == .clusterNotRegistered)
        #expect(UpgradeScenario.given(events: []).refusal(of: .approveRepave(actor: "a", comment: "", at: t(1))) == .clusterNotRegistered)
    }
}
