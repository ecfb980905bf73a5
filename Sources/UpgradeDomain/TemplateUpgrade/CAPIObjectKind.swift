/// The kinds of Cluster API object the engine folds into upgrade progress.
public enum CAPIObjectKind: Hashable, Sendable, Codable {
    /// `cluster.x-k8s.io` Cluster.
    case cluster
    /// A control plane provider's object (KubeadmControlPlane, K0sControlPlane, ...): the kind name.
    case controlPlane(String)
    private enum ControlPlaneCodingKeys: String, CodingKey { case _0 = "kind" }
    /// `cluster.x-k8s.io` MachineDeployment.
    case machineDeployment
    /// `cluster.x-k8s.io` MachineSet.
    case machineSet
    /// `cluster.x-k8s.io` Machine.
    case machine
    /// Any other kind: parsed, but not used for progress.
    case other(String)
    private enum OtherCodingKeys: String, CodingKey { case _0 = "kind" }

    /// Classifies `kind` within the API `group`.
    public init(kind: String, group: String) {
        let isCore = group == "cluster.x-k8s.io"
        switch kind {
        case "Cluster" where isCore: self = .cluster
        case "MachineDeployment" where isCore: self = .machineDeployment
        case "MachineSet" where isCore: self = .machineSet
        case "Machine" where isCore: self = .machine
        default:
            let isControlPlane = group.hasPrefix("controlplane.") || kind.hasSuffix("ControlPlane")
            self = isControlPlane ? .controlPlane(kind) : .other(kind)
        }
    }

    /// The Kubernetes kind name.
    public var name: String {
        switch self {
        case .cluster: "Cluster"
        case .controlPlane(let kind): kind
        case .machineDeployment: "MachineDeployment"
        case .machineSet: "MachineSet"
        case .machine: "Machine"
        case .other(let kind): kind
        }
    }
}

/// The Cluster API version of an object's `apiVersion` (`group/v1beta1` or `group/v1beta2`).
public enum CAPIAPIVersion: String, Hashable, Sendable, Codable {
    case v1beta1
    case v1beta2

    /// The condition vocabulary of `status.conditions` for this version.
    public var primaryConditionFlavor: CAPIConditionFlavor {
        self == .v1beta1 ? .v1beta1 : .v1beta2
    }
}
