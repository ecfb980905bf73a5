import ArgumentParser
import UpgradeDomain

/// `orchestrator classify`: how an edge cluster responds to a change of one pack's values.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify a pack values change: repave, reboot, service restart, config reload or no-op.",
        discussion: """
            Compares OLD and NEW pack values leaf by leaf and applies the edge upgrade behaviour tables \
            (docs/classification.md). --distribution selects the Kubernetes table and the RKE2 known issue; \
            without it the Kubernetes layer uses the table shared by PXK-E, K3s and RKE2 without the RKE2 \
            known issue, and the OS layer reads options.system.k8sDistribution.
            """)

    @Option(help: "The pack's layer: os, kubernetes, network or storage.")
    var layer: String

    @Option(help: "Kubernetes distribution: pxk-e, k3s or rke2.")
    var distribution: String?

    @Option(help: "The pack's name (for template references; on network, the current CNI pack).")
    var pack: String?

    @Option(name: .customLong("new-pack"), help: "The pack's name after the change, when it differs.")
    var newPack: String?

    @Option(name: .customLong("old"), help: "YAML file with the current pack values.")
    var oldFile: String

    @Option(name: .customLong("new"), help: "YAML file with the new pack values.")
    var newFile: String

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() throws {
        let layer = try ClassifyInput.layer(layer)
        let distribution = try ClassifyInput.distribution(distribution)
        let old = try ClassifyInput.values(at: oldFile)
        let new = try ClassifyInput.values(at: newFile)
        let classification = ChangeClassifier.classify(
            layer: layer, distribution: distribution, pack: pack, newPack: newPack, old: old, new: new)
        print(json ? ClassificationJSON.render(classification) : ClassificationTable.render(classification))
    }
}
