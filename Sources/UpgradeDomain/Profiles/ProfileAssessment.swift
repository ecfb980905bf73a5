/// What moving a cluster from one profile version to another means: per layer, and as the
/// `ProfileChange` the upgrade decider takes (its behaviour the most disruptive of the layers').
public struct ProfileAssessment: Sendable, Hashable {
    public var layers: [LayerAssessment]
    public var change: ProfileChange

    /// Assesses the move from `old` to `new` for a cluster, with its per-pack value overrides
    /// (pack name → values laid over the profile's for that cluster, `PackValues.overlaid(with:)`).
    /// `oldOverrides`, when given, are the overrides the cluster runs with now (a change of the
    /// overrides themselves); else `overrides` apply on both sides.
    public static func assess(
        from old: ProfileVersion, to new: ProfileVersion,
        overrides: [String: PackValues] = [:], oldOverrides: [String: PackValues]? = nil,
        requestedBy: String, forceSkipMinor: MinorSkipOverride? = nil
    ) -> ProfileAssessment {
        func values(_ pack: ProfilePack, _ overrides: [String: PackValues]) -> PackValues {
            overrides[pack.name].map { pack.values.overlaid(with: $0) } ?? pack.values
        }
        let overridesBefore = oldOverrides ?? overrides
        let kubernetesChanged = old.kubernetesVersion != new.kubernetesVersion
        var layers: [LayerAssessment] = []
        for layer in [Layer.os, .kubernetes, .network, .storage] {
            let before = old.pack(layer), after = new.pack(layer)
            guard before != nil || after != nil else { continue }
            var classification = ChangeClassifier.classify(
                layer: layer, distribution: layer == .os || layer == .kubernetes ? new.distribution : nil,
                pack: before?.name, newPack: after?.name,
                old: before.map { values($0, overridesBefore) } ?? .empty, new: after.map { values($0, overrides) } ?? .empty,
                kubernetesVersionChanged: layer == .os && kubernetesChanged)
            if let versionRule = versionChange(layer: layer, before: before, after: after, classification: classification) {
                classification = versionRule
            }
            layers.append(LayerAssessment(layer: layer, oldPack: before?.name, newPack: after?.name, classification: classification))
        }
        // One add-on per name; a version stored before names were checked may hold one twice,
        // and its first counts, as `pack(_:)` takes a layer's first pack.
        let oldAddons = Dictionary(old.addons.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for addon in Self.firstOfEachName(new.addons) {
            let before = oldAddons[addon.name]
            let classification = ChangeClassifier.classify(
                layer: .addon, pack: addon.name, newPack: addon.name,
                old: before.map { values($0, overridesBefore) } ?? .empty, new: values(addon, overrides))
            layers.append(LayerAssessment(layer: .addon, oldPack: before?.name, newPack: addon.name, classification: classification))
        }
        let newAddonNames = Set(new.addons.map(\.name))
        let dropped = old.addons.map(\.name).filter { !newAddonNames.contains($0) }

        let behavior = layers.compactMap(\.classification.behavior).max() ?? .noOp
        let change = ProfileChange(
            target: new.reference, behavior: behavior,
            servicesToRestart: behavior == .serviceRestart ? services(layers, distribution: new.distribution) : [],
            kubernetesVersion: transition(old.kubernetesVersion, new.kubernetesVersion),
            cniPack: old.cniPack == nil && new.cniPack == nil ? nil : ValueTransition(from: old.cniPack, to: new.cniPack),
            distribution: old.distribution == new.distribution
                ? nil : ValueTransition(from: old.distribution.rawValue, to: new.distribution.rawValue),
            droppedPacks: dropped,
            changesOSVersion: old.pack(.os) != new.pack(.os),
            forceSkipMinor: forceSkipMinor,
            requestedBy: requestedBy)
        return ProfileAssessment(layers: layers, change: change)
    }

    /// A pack version bump with unchanged values still changes what runs: a new OS pack version is a
    /// new image (repave); a new Kubernetes pack version is new binaries (at least a reboot, a repave when
    /// the image embeds it, which the OS layer reports); network and storage packs restart their services.
    private static func versionChange(layer: Layer, before: ProfilePack?, after: ProfilePack?, classification: Classification) -> Classification? {
        guard let before, let after, before.name == after.name, before.version != after.version else { return nil }
        let behavior: Behavior
        switch layer {
        case .os: behavior = .repave
        case .kubernetes: behavior = .reboot
        case .network, .storage, .addon: behavior = .serviceRestart
        }
        let path = ValuePath([.key("pack.version")])
        let change = ClassifiedChange(path: path, change: .modified, behavior: behavior,
                                      rule: "\(layer.rawValue): pack version \(before.version) → \(after.version)")
        let changes = (classification.changes + [change]).sorted { $0.path < $1.path }
        guard case .behavior(let current) = classification.outcome else { return nil }
        let top = max(current, behavior)
        return Classification(outcome: .behavior(top), reason: top == current ? classification.reason : change.rule, changes: changes)
    }

    /// `addons` (sorted by name, stably) without the later packs of a name already seen.
    private static func firstOfEachName(_ addons: [ProfilePack]) -> [ProfilePack] {
        var seen = Set<String>()
        return addons.filter { seen.insert($0.name).inserted }
    }

    private static func services(_ layers: [LayerAssessment], distribution: KubernetesDistribution) -> [String] {
        var names: [String] = []
        for layer in layers where layer.classification.behavior == .serviceRestart {
            switch layer.layer {
            case .kubernetes:
                names.append(distribution == .rke2 ? "rke2-server" : distribution == .k3s ? "k3s" : "kubelet")
            case .network, .storage, .addon:
                if let pack = layer.newPack { names.append(pack) }
            case .os: break
            }
        }
        return names
    }

    private static func transition(_ from: String?, _ to: String?) -> ValueTransition? {
        guard let from, let to else { return nil }
        return ValueTransition(from: from, to: to)
    }
}
