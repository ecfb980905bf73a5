/// A published version of a cluster profile: OS, Kubernetes, network, storage and add-on packs.
public struct ProfileVersion: Sendable, Hashable {
    public var reference: ProfileReference
    /// The Kubernetes distribution of the Kubernetes layer.
    public var distribution: KubernetesDistribution
    public var packs: [ProfilePack]

    public init(reference: ProfileReference, distribution: KubernetesDistribution, packs: [ProfilePack]) {
        self.reference = reference
        self.distribution = distribution
        self.packs = packs
    }

    /// The pack of a single-pack layer (OS, Kubernetes, network, storage).
    public func pack(_ layer: Layer) -> ProfilePack? { packs.first { $0.layer == layer } }

    /// Add-on packs, by name.
    public var addons: [ProfilePack] { packs.filter { $0.layer == .addon }.sorted { $0.name < $1.name } }

    /// The Kubernetes version: the Kubernetes pack's version.
    public var kubernetesVersion: String? { pack(.kubernetes)?.version }

    /// The CNI: the network pack's name.
    public var cniPack: String? { pack(.network)?.name }
}
