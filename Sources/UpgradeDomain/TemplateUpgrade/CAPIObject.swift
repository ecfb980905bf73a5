/// One observed Cluster API object, reduced to what upgrade progress needs.
public struct CAPIObject: Hashable, Sendable, Codable {
    /// What kind of object it is.
    public var kind: CAPIObjectKind
    /// The API version it was served in.
    public var apiVersion: CAPIAPIVersion
    /// `metadata.uid`.
    public var uid: String
    /// `metadata.resourceVersion`.
    public var resourceVersion: String
    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace` (empty when absent).
    public var namespace: String
    /// Label `cluster.x-k8s.io/cluster-name`, else `spec.clusterName`, else the name of a Cluster.
    public var clusterName: String?
    /// True when the Machine is labelled `cluster.x-k8s.io/control-plane`.
    public var isControlPlaneMachine: Bool
    /// Label `cluster.x-k8s.io/deployment-name`.
    public var deploymentName: String?
    /// `metadata.ownerReferences[]` as `Kind/name`, in document order.
    public var owners: [String]
    /// `metadata.generation`.
    public var generation: Int?
    /// `status.observedGeneration`.
    public var observedGeneration: Int?
    /// `metadata.creationTimestamp` as printed.
    public var creationTimestamp: String?
    /// True when `metadata.deletionTimestamp` is set.
    public var isBeingDeleted: Bool
    /// `status.phase`.
    public var phase: String?
    /// `spec.version` (Machines and control planes).
    public var version: String?
    /// v1beta1 `status.failureReason`, v1beta2 `status.deprecated.v1beta1.failureReason`.
    public var failureReason: String?
    /// v1beta1 `status.failureMessage`, v1beta2 `status.deprecated.v1beta1.failureMessage`.
    public var failureMessage: String?
    /// All conditions of both vocabularies, each tagged with its flavor.
    public var conditions: [CAPICondition]
    /// Replica counts (owners of machines only).
    public var replicas: CAPIReplicaCounts
    /// A MachineDeployment's rollout strategy type (v1beta1 `spec.strategy.type`, v1beta2
    /// `spec.rollout.strategy.type`): `RollingUpdate`, or `OnDelete`, which replaces an old
    /// machine only once someone deletes it. `nil` when not given.
    public var rolloutStrategy: String?

    /// Creates an object snapshot.
    public init(
        kind: CAPIObjectKind, apiVersion: CAPIAPIVersion, uid: String, resourceVersion: String,
        name: String, namespace: String = "", clusterName: String? = nil,
        isControlPlaneMachine: Bool = false, deploymentName: String? = nil, owners: [String] = [],
        generation: Int? = nil, observedGeneration: Int? = nil,
        creationTimestamp: String? = nil, isBeingDeleted: Bool = false, phase: String? = nil,
        version: String? = nil, failureReason: String? = nil, failureMessage: String? = nil,
        conditions: [CAPICondition] = [], replicas: CAPIReplicaCounts = CAPIReplicaCounts(),
        rolloutStrategy: String? = nil
    ) {
        self.kind = kind
        self.apiVersion = apiVersion
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.name = name
        self.namespace = namespace
        self.clusterName = clusterName
        self.isControlPlaneMachine = isControlPlaneMachine
        self.deploymentName = deploymentName
        self.owners = owners
        self.generation = generation
        self.observedGeneration = observedGeneration
        self.creationTimestamp = creationTimestamp
        self.isBeingDeleted = isBeingDeleted
        self.phase = phase
        self.version = version
        self.failureReason = failureReason
        self.failureMessage = failureMessage
        self.conditions = conditions
        self.replicas = replicas
        self.rolloutStrategy = rolloutStrategy
    }

    /// The condition `type` of the given vocabulary, if present.
    public func condition(_ type: String, flavor: CAPIConditionFlavor) -> CAPICondition? {
        conditions.first { $0.type == type && $0.flavor == flavor }
    }

    /// `namespace/name`, or just the name when the namespace is empty.
    public var qualifiedName: String {
        namespace.isEmpty ? name : "\(namespace)/\(name)"
    }
}
