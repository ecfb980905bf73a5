import Testing
import UpgradeDomain

/// Seed 001, known issue: on RKE2, `stages.*` in the OS and Kubernetes packs repaves,
/// except `stages.reconcile.*`, which reloads configuration.
@Suite("RKE2 known issue")
struct RKE2KnownIssueTests {
    static let stagePaths = (OSLayerTableTests.stages + ["kairos-uki-install"]).map { "stages.\($0)[0].commands[0]" }

    @Test("stages repave on RKE2", arguments: [Layer.os, .kubernetes], stagePaths)
    func stagesRepave(layer: Layer, path: String) {
        let result = Fixtures.classifyModified(path, layer: layer, distribution: .rke2)
        #expect(result.behavior == .repave)
        #expect(result.changes.first?.rule == "rke2 known issue: stages.* repaves")
        #expect(result.changes.first?.unclassified == false)
    }

    @Test("stages.reconcile reloads configuration on RKE2", arguments: [Layer.os, .kubernetes])
    func reconcileReloads(layer: Layer) {
        let result = Fixtures.classifyModified("stages.reconcile[0].files[0].path", layer: layer, distribution: .rke2)
        #expect(result.behavior == .configReload)
        #expect(result.changes.first?.rule == "rke2 known issue: stages.reconcile.* reloads configuration")
    }

    @Test("the OS layer reads the distribution from options.system.k8sDistribution")
    func osInfersRKE2() throws {
        let old = try Fixtures.yaml("options:\n  system.k8sDistribution: rke2\nstages:\n  boot:\n    - commands: [a]\n")
        let new = try Fixtures.yaml("options:\n  system.k8sDistribution: rke2\nstages:\n  boot:\n    - commands: [b]\n")
        let result = ChangeClassifier.classify(layer: .os, old: old, new: new)
        #expect(result.behavior == .repave)
        #expect(result.changes.first?.rule == "rke2 known issue: stages.* repaves")
    }

    @Test("an explicit distribution wins over the OS values")
    func explicitDistributionWins() throws {
        let old = try Fixtures.yaml("options:\n  system.k8sDistribution: rke2\nstages:\n  boot: [a]\n")
        let new = try Fixtures.yaml("options:\n  system.k8sDistribution: rke2\nstages:\n  boot: [b]\n")
        let result = ChangeClassifier.classify(layer: .os, distribution: .k3s, old: old, new: new)
        #expect(result.behavior == .reboot)
    }
}
