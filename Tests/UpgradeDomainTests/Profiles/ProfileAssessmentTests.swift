import Testing
import UpgradeDomain

@Suite("Assessing a profile version change")
struct ProfileAssessmentTests {
    static let osValues = """
    options:
      system.uri: "{{ .spectro.pack.edge-native-byoi.options.system.registry }}/{{ .spectro.pack.edge-native-byoi.options.system.repo }}:{{ .spectro.system.kubernetes.version }}"
      system.registry: ttl.sh
      system.repo: ubuntu
    stages:
      boot:
        - commands: ["echo boot"]
    """

    func version(
        _ number: String, distribution: KubernetesDistribution = .k3s, os: String = osValues,
        kubernetes: String = "1.30.4", k8sValues: String = "cluster:\n  config: a\n",
        cni: String? = "cni-calico", addons: [String] = ["hello"],
        osPack: String = "edge-native-byoi", k8sPack: String = "edge-k3s", storagePack: String = "csi-local"
    ) throws -> ProfileVersion {
        ProfileVersion(
            reference: ProfileReference(name: "retail", version: number), distribution: distribution,
            packs: [
                ProfilePack(layer: .os, name: osPack, version: "2.1.0", values: try PackValues(yaml: os)),
                ProfilePack(layer: .kubernetes, name: k8sPack, version: kubernetes, values: try PackValues(yaml: k8sValues)),
            ] + (cni.map { [ProfilePack(layer: .network, name: $0, version: "3.28.0")] } ?? []) + [
                ProfilePack(layer: .storage, name: storagePack, version: "1.0.0"),
            ] + addons.map { ProfilePack(layer: .addon, name: $0, version: "1.0.0") })
    }

    @Test func aRegistryReferencedByTheImageURIRepaves() throws {
        let old = try version("1.0.0")
        let new = try version("1.1.0", os: Self.osValues.replacingOccurrences(of: "ttl.sh", with: "registry.example.com"))
        let assessment = ProfileAssessment.assess(from: old, to: new, requestedBy: "alice")
        #expect(assessment.change.behavior == .repave)
        #expect(assessment.change.target.version == "1.1.0")
        #expect(assessment.change.changesOSVersion)
    }

    @Test func aK3sClusterConfigChangeRestartsK3s() throws {
        let assessment = ProfileAssessment.assess(
            from: try version("1.0.0"), to: try version("1.1.0", k8sValues: "cluster:\n  config: b\n"), requestedBy: "alice")
        #expect(assessment.change.behavior == .serviceRestart)
        #expect(assessment.change.servicesToRestart == ["k3s"])
    }

    @Test func aBootStageChangeRebootsExceptOnRKE2WhereItRepaves() throws {
        let changed = Self.osValues.replacingOccurrences(of: "echo boot", with: "echo boot2")
        let k3s = ProfileAssessment.assess(from: try version("1.0.0"), to: try version("1.1.0", os: changed), requestedBy: "a")
        #expect(k3s.change.behavior == .reboot)
        let rke2 = ProfileAssessment.assess(
            from: try version("1.0.0", distribution: .rke2), to: try version("1.1.0", distribution: .rke2, os: changed), requestedBy: "a")
        #expect(rke2.change.behavior == .repave)
    }

    @Test func aKubernetesVersionInTheImageURIRepavesAndIsCarriedForTheGuardrails() throws {
        let assessment = ProfileAssessment.assess(from: try version("1.0.0"), to: try version("1.1.0", kubernetes: "1.31.1"), requestedBy: "a")
        #expect(assessment.change.behavior == .repave)
        #expect(assessment.change.kubernetesVersion == ValueTransition(from: "1.30.4", to: "1.31.1"))
    }

    /// The seeds say nothing of distribution revisions: a new revision is new binaries of the same
    /// Kubernetes, assessed as a patch release is (ADR 0023): a Kubernetes pack version change
    /// reboots, and repaves where the OS image embeds the version. An earlier revision is assessed
    /// the same way; refusing it is the guardrails' part.
    @Test(arguments: [(Self.osValues, Behavior.repave), ("options:\n  system.registry: ttl.sh\n", Behavior.reboot)])
    func aRevisionOfTheDistributionIsAssessedAsAPatchReleaseIs(_ os: String, _ behavior: Behavior) throws {
        func assess(_ from: String, _ to: String) throws -> ProfileAssessment {
            ProfileAssessment.assess(
                from: try version("1.0.0", distribution: .rke2, os: os, kubernetes: from, k8sPack: "edge-rke2"),
                to: try version("1.1.0", distribution: .rke2, os: os, kubernetes: to, k8sPack: "edge-rke2"), requestedBy: "a")
        }
        let patch = try assess("v1.30.4+rke2r1", "v1.30.5+rke2r1")
        for (from, to) in [("v1.30.4+rke2r1", "v1.30.4+rke2r2"), ("v1.30.4+rke2r2", "v1.30.4+rke2r1")] {
            let revision = try assess(from, to)
            #expect(revision.change.behavior == behavior)
            #expect(revision.change.behavior == patch.change.behavior)
            #expect(revision.change.kubernetesVersion == ValueTransition(from: from, to: to))
            #expect(revision.layers.map(\.classification.outcome) == patch.layers.map(\.classification.outcome))
        }
    }

    @Test func droppedAddOnsAndACNISwapAreReportedForTheDecider() throws {
        let assessment = ProfileAssessment.assess(
            from: try version("1.0.0", addons: ["hello", "old-app"]), to: try version("1.1.0", cni: "cni-cilium"), requestedBy: "a")
        #expect(assessment.change.droppedPacks == ["old-app"])
        #expect(assessment.change.cniPack == ValueTransition(from: "cni-calico", to: "cni-cilium"))
        #expect(assessment.layers.first { $0.layer == .network }?.classification.outcome == .rejected)
    }

    @Test func anUnchangedVersionIsANoOp() throws {
        let assessment = ProfileAssessment.assess(from: try version("1.0.0"), to: try version("1.0.1"), requestedBy: "a")
        #expect(assessment.change.behavior == .noOp)
    }

    @Test func anotherOSPackWithTheSameValuesIsAnotherImageAndRepaves() throws {
        let assessment = ProfileAssessment.assess(
            from: try version("1.0.0"), to: try version("1.1.0", osPack: "edge-native-ubuntu"), requestedBy: "a")
        #expect(assessment.change.behavior == .repave)
        let os = try #require(assessment.layers.first { $0.layer == .os })
        #expect(os.classification.changes.map(\.path) == [ChangeClassifier.packNamePath])
    }

    @Test func anotherKubernetesPackOfTheSameDistributionReboots() throws {
        let assessment = ProfileAssessment.assess(
            from: try version("1.0.0"), to: try version("1.1.0", k8sPack: "edge-k3s-hardened"), requestedBy: "a")
        #expect(assessment.change.behavior == .reboot)
        #expect(assessment.change.distribution == nil)
    }

    @Test func anotherStoragePackRestartsItsServices() throws {
        let assessment = ProfileAssessment.assess(
            from: try version("1.0.0"), to: try version("1.1.0", storagePack: "csi-longhorn"), requestedBy: "a")
        #expect(assessment.change.behavior == .serviceRestart)
        #expect(assessment.change.servicesToRestart == ["csi-longhorn"])
    }

    @Test func anotherDistributionIsCarriedForTheGuardrails() throws {
        let assessment = ProfileAssessment.assess(
            from: try version("1.0.0"), to: try version("1.1.0", distribution: .rke2, k8sPack: "edge-rke2"), requestedBy: "a")
        #expect(assessment.change.distribution == ValueTransition(from: "k3s", to: "rke2"))
    }

    @Test func aNetworkPackAddedOrRemovedIsCarriedForTheGuardrails() throws {
        let removed = ProfileAssessment.assess(from: try version("1.0.0"), to: try version("1.1.0", cni: nil), requestedBy: "a")
        #expect(removed.change.cniPack == ValueTransition(from: "cni-calico", to: nil))
        let added = ProfileAssessment.assess(from: try version("1.0.0", cni: nil), to: try version("1.1.0"), requestedBy: "a")
        #expect(added.change.cniPack == ValueTransition(from: nil, to: "cni-calico"))
        let neither = ProfileAssessment.assess(from: try version("1.0.0", cni: nil), to: try version("1.1.0", cni: nil), requestedBy: "a")
        #expect(neither.change.cniPack == nil)
    }

    @Test func overridesLieOverTheProfilesValuesSoItsLaterChangesStillReachTheCluster() throws {
        let overrides = ["edge-native-byoi": try PackValues(yaml: "options:\n  system.osVersion: 24\n")]
        let new = try version("1.1.0", os: Self.osValues.replacingOccurrences(of: "ttl.sh", with: "registry.example.com"))
        let assessment = ProfileAssessment.assess(from: try version("1.0.0"), to: new, overrides: overrides, requestedBy: "a")
        #expect(assessment.change.behavior == .repave)
    }

    @Test func changedOverridesAreAssessedAsAChangeOfTheirOwn() throws {
        let profile = try version("1.0.0")
        let old = ["edge-native-byoi": try PackValues(yaml: "options:\n  system.osVersion: 24\n")]
        let new = ["edge-native-byoi": try PackValues(yaml: "options:\n  system.osVersion: 24\n  system.registry: registry.example.com\n")]
        let assessment = ProfileAssessment.assess(from: profile, to: profile, overrides: new, oldOverrides: old, requestedBy: "a")
        #expect(assessment.change.behavior == .repave)
        let os = try #require(assessment.layers.first { $0.layer == .os })
        #expect(os.classification.changes.map(\.path.description) == ["options.system.registry"])
        let same = ProfileAssessment.assess(from: profile, to: profile, overrides: new, oldOverrides: new, requestedBy: "a")
        #expect(same.layers.allSatisfy { $0.classification.changes.isEmpty })
    }

    @Test func anOverrideReplacesScalarsAndListsAndMergesMaps() throws {
        let pack = try PackValues(yaml: "a:\n  b: 1\n  c: [1, 2]\n  d: {e: 1}\nf: x\n")
        let over = try PackValues(yaml: "a:\n  c: [3]\n  d: {g: 2}\nh: y\n")
        #expect(pack.overlaid(with: over) == (try PackValues(yaml: "a:\n  b: 1\n  c: [3]\n  d: {e: 1, g: 2}\nf: x\nh: y\n")))
    }
}
