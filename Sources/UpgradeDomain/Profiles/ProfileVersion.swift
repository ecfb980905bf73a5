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

    /// Add-on packs, by name (packs of one name in the order given).
    public var addons: [ProfilePack] {
        packs.enumerated().filter { $0.element.layer == .addon }
            .sorted { ($0.element.name, $0.offset) < ($1.element.name, $1.offset) }.map(\.element)
    }

    /// The Kubernetes version: the Kubernetes pack's version.
    public var kubernetesVersion: String? { pack(.kubernetes)?.version }

    /// The CNI: the network pack's name.
    public var cniPack: String? { pack(.network)?.name }
}
