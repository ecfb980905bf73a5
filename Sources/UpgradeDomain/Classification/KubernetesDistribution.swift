/// The Kubernetes distribution of an edge cluster.
public enum KubernetesDistribution: String, Hashable, Sendable, CaseIterable {
    /// Palette eXtended Kubernetes - Edge (kubeadm based, edge table).
    case pxkE = "pxk-e"
    /// K3s.
    case k3s
    /// RKE2 (subject to the `stages.*` repave known issue).
    case rke2
    /// Plain kubeadm-style Kubernetes pack (`kubeadmconfig.*`); see docs/classification.md.
    case kubeadm

    /// The distribution named by an OS pack's `options.system.k8sDistribution`, as CanvOS writes it
    /// (`k3s`, `rke2`, `kubeadm`, `kubeadm-fips`). The new values win over the old ones.
    static func named(in values: [PackValues]) -> KubernetesDistribution? {
        let path = ValuePath(parsing: "options.system.k8sDistribution")
        for pack in values {
            guard case .scalar(let scalar)? = pack.value(at: path) else { continue }
            switch scalar.text.lowercased() {
            case "rke2": return .rke2
            case "k3s": return .k3s
            case "kubeadm", "kubeadm-fips": return .pxkE
            default: continue
            }
        }
        return nil
    }
}
