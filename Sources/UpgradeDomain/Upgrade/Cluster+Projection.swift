extension Cluster {
    /// The cluster as it will be once `change` has succeeded: used to check a change queued behind it.
    public func projected(after change: ProfileChange) -> Cluster {
        var cluster = self
        cluster.profile = change.target
        cluster.kubernetesVersion = change.kubernetesVersion?.to ?? kubernetesVersion
        cluster.cniPack = change.cniPack?.to ?? cniPack
        return cluster
    }
}
