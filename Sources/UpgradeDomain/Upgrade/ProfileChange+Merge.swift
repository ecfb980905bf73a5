extension ProfileChange {
    /// This (newer) change replacing an earlier queued one: the newer target, and the union of
    /// what both would do, since the earlier one never ran. Versions start where the earlier one did.
    public func merged(afterQueued earlier: ProfileChange) -> ProfileChange {
        var merged = self
        merged.behavior = max(behavior, earlier.behavior)
        merged.servicesToRestart = Array(Set(servicesToRestart + earlier.servicesToRestart)).sorted()
        merged.droppedPacks = Array(Set(droppedPacks + earlier.droppedPacks)).sorted()
        merged.changesOSVersion = changesOSVersion || earlier.changesOSVersion
        merged.kubernetesVersion = Self.chain(earlier.kubernetesVersion, kubernetesVersion)
        merged.cniPack = Self.chain(earlier.cniPack, cniPack)
        merged.distribution = Self.chain(earlier.distribution, distribution)
        return merged
    }

    /// This queued change planned after `abandoned` failed or was cancelled: the nodes still need
    /// what the abandoned upgrade would have done, and versions start from what `cluster` runs.
    public func merged(afterAbandoned abandoned: ProfileChange, on cluster: Cluster) -> ProfileChange {
        var merged = merged(afterQueued: abandoned)
        if let versions = merged.kubernetesVersion {
            merged.kubernetesVersion = ValueTransition(from: cluster.kubernetesVersion ?? versions.from, to: versions.to)
        }
        if let cni = merged.cniPack {
            merged.cniPack = ValueTransition(from: cluster.cniPack ?? cni.from, to: cni.to)
        }
        return merged
    }

    private static func chain(_ first: ValueTransition?, _ second: ValueTransition?) -> ValueTransition? {
        switch (first, second) {
        case (nil, nil): nil
        case (let first?, nil): first
        case (nil, let second?): second
        case (let first?, let second?): ValueTransition(from: first.from, to: second.to)
        }
    }
}
