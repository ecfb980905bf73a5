import Testing
@testable import UpgradeDomain

/// A Machine's `spec.version` against the target Kubernetes version of a template change: a new
/// revision of the same distribution's build (`+rke2r1` → `+rke2r2`) is a new version (ADR 0023),
/// other build metadata is not.
@Suite("A Machine's version against the template's Kubernetes version")
struct TemplateMachineVersionTests {
    typealias F = TemplateFixtures
    typealias S = TemplateSmallCluster

    static let versions: [(machine: String, target: String, matches: Bool)] = [
        ("v1.31.4+rke2r1", "v1.31.4+rke2r2", false),
        ("v1.31.4+rke2r2", "v1.31.4+rke2r1", false),
        ("v1.31.2+k3s1", "v1.31.2+k3s2", false),
        ("v1.31.2+k3s9", "v1.31.2+k3s10", false),
        ("v1.31.4+rke2r1", "v1.31.4+k3s1", false),
        ("v1.31.9", "v1.32.5", false),
        ("v1.31.4+rke2r1", "v1.32.4+rke2r1", false),
        ("v1.31.4+rke2r2", "v1.31.4+rke2r2", true),
        ("v1.31.4+RKE2R02", "v1.31.4+rke2r2", true),
        // The image tag spelling names the same revision.
        ("v1.31.4-rke2r2", "v1.31.4+rke2r2", true),
        ("v1.31.4-rke2r1", "v1.31.4+rke2r2", false),
        // Build metadata that names no revision does not count; nor a revision only one side names.
        ("v1.32.4+k0s.0", "v1.32.4", true),
        ("v1.32.4+k0s.0", "v1.32.4+k0s.1", true),
        ("v1.31.4+rke2r1", "v1.31.4", true),
        ("1.32.4", "v1.32.4", true),
        // Pre-releases are versions of their own.
        ("v1.32.0-rc.1", "v1.32.0", false),
        ("v1.32.0-rc.1+rke2r1", "v1.32.0-rc.1+rke2r1", true),
        // Text that is not a Kubernetes version is compared as before: without `v` and `+build`.
        ("v1.32.x+k0s.0", "v1.32.x", true),
        ("v1.32.x", "v1.32.y", false),
    ]

    @Test("machine version against target", arguments: versions)
    func matching(_ machine: String, _ target: String, _ matches: Bool) {
        #expect(CAPIObject.version(machine, matches: target) == matches, "\(machine) against \(target)")
    }

    /// A Machine listed before the change, marked `UpToDate`, on `version`.
    func listedMachine(version: String) -> CAPIObject {
        var machine = S.machine("small-md-0", rv: "120")
        machine.version = version
        return machine
    }

    static func start(target: String) -> TemplateUpgradeStart {
        TemplateUpgradeStart(
            upgradeId: "upg-small", fromTemplate: "t-14", toTemplate: "t-15", fromVariables: S.deployment.variables,
            toVariables: S.deployment.variables, targetKubernetesVersion: target, baselineMachineUIDs: ["uid-small-md-0"],
            at: F.at(minutes: 10))
    }

    @Test("an old machine on the previous revision is out of date, whatever its UpToDate condition says")
    func previousRevisionIsOutOfDate() {
        let machine = listedMachine(version: "v1.31.4+rke2r1")
        #expect(machine.standing(for: Self.start(target: "v1.31.4+rke2r2"), baseline: ["uid-small-md-0"]) == .outOfDate)
        #expect(machine.standing(for: Self.start(target: "v1.31.4+rke2r1"), baseline: ["uid-small-md-0"]) == .baselineMarkedUpToDate)
    }

    /// The small cluster (one control plane machine, three workers) listed on `version`, then a
    /// change to `target`; the owners take it and report every replica up to date and no rollout,
    /// as a controller that still counts the old machines would.
    func ownersReportDone(listedOn version: String, target: String) -> TemplateHarness {
        var harness = TemplateHarness(given: F.registered(S.deployment))
        var listing: [CAPIWatchEvent] = [.added(S.cluster(rv: "100")), .added(S.controlPlane(rv: "101")),
                                         .added(S.machineDeployment(rv: "102"))]
        for (index, name) in ["small-cp-0", "small-md-0", "small-md-1", "small-md-2"].enumerated() {
            var machine = S.machine(name, rv: "11\(index)", controlPlane: index == 0)
            machine.version = version
            listing.append(.added(machine))
        }
        harness.observe(listing, from: F.at(minutes: 1), stepMilliseconds: 1000)
        harness.send(.changeDeployment(TemplateDeploymentChange(
            upgradeId: "upg-small", template: "t-15", variables: S.deployment.variables,
            targetKubernetesVersion: target, at: F.at(minutes: 10))))
        harness.observe([.modified(S.controlPlane(rv: "200", generation: 3)),
                         .modified(S.machineDeployment(rv: "201", generation: 3))], from: F.at(minutes: 11))
        return harness
    }

    @Test("given machines on +rke2r1 and a change to +rke2r2, when the owners report every replica up to date, then the upgrade waits for new machines")
    func revisionBumpWaitsForNewMachines() {
        var harness = ownersReportDone(listedOn: "v1.31.4+rke2r1", target: "v1.31.4+rke2r2")
        #expect(harness.state.status.detail == "Upgrade in Progress: 0 of 4 machines updated")
        #expect(!harness.log.contains { $0.isSuccess })

        // The machines are replaced by ones on the new revision: then it is done.
        var stream: [CAPIWatchEvent] = []
        for (index, name) in ["small-cp-0", "small-md-0", "small-md-1", "small-md-2"].enumerated() {
            var replacement = S.machine("\(name)-new", rv: "3\(index)0", controlPlane: index == 0)
            replacement.version = "v1.31.4+rke2r2"
            stream += [.added(replacement),
                       .deleted(S.machine(name, rv: "3\(index)1", controlPlane: index == 0, upToDate: false, deleting: true))]
        }
        harness.observe(stream, from: F.at(minutes: 12))
        #expect(harness.state.status.label == "Upgrade successful")
    }

    @Test("given machines on +k0s.0 and a change to the same Kubernetes without a build, when the owners report every replica up to date, then the upgrade is done")
    func otherBuildMetadataStillMatches() {
        let harness = ownersReportDone(listedOn: "v1.32.4+k0s.0", target: "v1.32.4")
        #expect(harness.state.status.label == "Upgrade successful")
    }
}
