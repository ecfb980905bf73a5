/// The update limitations of a cluster (seed 003), checked before a profile change is accepted.
public enum ProfileChangeGuardrails {
    /// Checks `change` against `cluster`, in this order: status, CNI swap on edge (adding or removing
    /// the network pack included), distribution swap on edge, downgrade (a lower version, or a
    /// lower revision of the same distribution's build: `K8sVersion.goesBack(from:)`), skipped minor.
    ///
    /// The "before" side is what the cluster runs when it is known, else what the change says.
    ///
    /// - Returns: the forced minor skip to record when an override let the change through, else `nil`.
    /// - Throws: the first rule broken.
    public static func check(
        _ change: ProfileChange,
        against cluster: Cluster
    ) throws(RefusalReason) -> ForcedMinorSkip? {
        switch cluster.status {
        case .provisioning: throw .clusterIsProvisioning
        case .deleting: throw .clusterIsDeleting
        case .running: break
        }
        if cluster.kind == .edge, let cni = change.cniPack {
            let current = cluster.cniPack ?? cni.from
            if current != cni.to { throw .cniChangeOnEdge(from: current, to: cni.to) }
        }
        if cluster.kind == .edge, let distribution = change.distribution, let from = distribution.from,
           let to = distribution.to, from != to {
            throw .kubernetesDistributionChangeOnEdge(from: from, to: to)
        }
        guard let versions = change.kubernetesVersion, let toText = versions.to,
            let fromText = cluster.kubernetesVersion ?? versions.from
        else { return nil }
        let from = try parse(fromText)
        let to = try parse(toText)
        if to.goesBack(from: from) { throw .kubernetesDowngrade(from: fromText, to: toText) }
        guard skipsMinor(from: from, to: to) else { return nil }
        guard let override = change.forceSkipMinor else {
            throw .skippedMinorVersion(from: fromText, to: toText)
        }
        return ForcedMinorSkip(from: fromText, to: toText, override: override)
    }

    /// True when `to` is more than one minor ahead of `from`, or in another major.
    public static func skipsMinor(from: K8sVersion, to: K8sVersion) -> Bool {
        if to.major != from.major { return to.major > from.major }
        return to.minor - from.minor > 1
    }

    private static func parse(_ text: String) throws(RefusalReason) -> K8sVersion {
        do {
            return try K8sVersion(parsing: text)
        } catch {
            throw .unparseableKubernetesVersion(text)
        }
    }
}
