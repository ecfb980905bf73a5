/// Classifies a change of one pack's values on an edge cluster by the upgrade behaviour tables.
///
/// Pure: the same inputs always give the same `Classification`, changes sorted by path.
public enum ChangeClassifier {
    /// Path of the synthetic change reported when the Kubernetes version change reaches the OS image.
    public static let kubernetesVersionPath = ValuePath([.key(".spectro.system.kubernetes.version")])

    /// Classifies the change from `old` to `new` values of a pack in `layer`.
    ///
    /// - Parameters:
    ///   - distribution: picks the Kubernetes table and enables the RKE2 known issue on the OS and
    ///     Kubernetes layers. On the OS layer, when nil, `options.system.k8sDistribution` is used.
    ///   - pack: the pack's name before the change; templates naming it are followed.
    ///   - newPack: the pack's name after the change; on the network layer a different name than
    ///     `pack` is a CNI replacement, which is rejected.
    ///   - kubernetesVersionChanged: whether the cluster's Kubernetes version changes too; it repaves
    ///     when `options.system.uri` (directly or through references) uses the version.
    public static func classify(
        layer: Layer, distribution: KubernetesDistribution? = nil,
        pack: String? = nil, newPack: String? = nil,
        old: PackValues, new: PackValues, kubernetesVersionChanged: Bool = false
    ) -> Classification {
        let effectiveDistribution = distribution ?? (layer == .os ? KubernetesDistribution.named(in: [new, old]) : nil)
        let rules = ClassificationRules(layer: layer, distribution: effectiveDistribution)
        let selfPacks = Set([pack, newPack].compactMap { $0 })
        let references = layer == .os ? ImageReferences(values: [old, new], selfPacks: selfPacks) : nil

        var changes = ValueDiff.changes(from: old, to: new).map { change in
            classify(change, rules: rules, references: references)
        }
        if kubernetesVersionChanged, let chain = references?.kubernetesVersionChain {
            changes.append(ClassifiedChange(
                path: kubernetesVersionPath, change: .modified, behavior: .repave,
                rule: "os: options.system.uri uses the kubernetes version, a version change repaves",
                templateChain: chain + [kubernetesVersionPath]))
            changes.sort { $0.path < $1.path }
        }

        if let swap = packSwap(layer: layer, from: pack, to: newPack) {
            changes.append(swap)
            changes.sort { $0.path < $1.path }
        }

        if layer == .network, let pack, let newPack, pack != newPack {
            return Classification(
                outcome: .rejected,
                reason: "replacing the CNI pack '\(pack)' with '\(newPack)' is not supported on edge clusters; "
                    + "delete and re-create the cluster instead",
                changes: changes)
        }
        return aggregate(changes)
    }

    /// Path of the synthetic change reported when a layer's pack is replaced by another.
    public static let packNamePath = ValuePath([.key("pack.name")])

    /// Another pack in the layer's place changes what runs whatever the values say: another OS
    /// pack is another image (repave), another Kubernetes pack other binaries (reboot, as a pack
    /// version bump), another storage pack other services (restart). The network layer refuses it.
    private static func packSwap(layer: Layer, from pack: String?, to newPack: String?) -> ClassifiedChange? {
        guard let pack, let newPack, pack != newPack else { return nil }
        let behavior: Behavior
        switch layer {
        case .os: behavior = .repave
        case .kubernetes: behavior = .reboot
        case .storage, .addon: behavior = .serviceRestart
        case .network: return nil
        }
        return ClassifiedChange(path: packNamePath, change: .modified, behavior: behavior,
                                rule: "\(layer.rawValue): pack \(pack) replaced by \(newPack)")
    }

    private static func classify(
        _ change: ValueChange, rules: ClassificationRules, references: ImageReferences?
    ) -> ClassifiedChange {
        if let chain = references?.chain(to: change.path) {
            return ClassifiedChange(
                path: change.path, change: change.kind, behavior: .repave,
                rule: "os: referenced by options.system.uri repaves", templateChain: chain)
        }
        let decision = rules.decide(change.path)
        return ClassifiedChange(
            path: change.path, change: change.kind, behavior: decision.behavior,
            rule: decision.rule, unclassified: decision.unclassified)
    }

    /// The most disruptive change decides; the first such change in path order is named.
    private static func aggregate(_ changes: [ClassifiedChange]) -> Classification {
        guard let worst = changes.map(\.behavior).max(),
              let top = changes.first(where: { $0.behavior == worst }) else {
            return Classification(outcome: .behavior(.noOp), reason: "no changes", changes: [])
        }
        let count = changes.count == 1 ? "1 change" : "\(changes.count) changes"
        return Classification(
            outcome: .behavior(top.behavior),
            reason: "\(count); most disruptive: \(top.path) \(top.change.rawValue) (\(top.rule))",
            changes: changes)
    }
}
