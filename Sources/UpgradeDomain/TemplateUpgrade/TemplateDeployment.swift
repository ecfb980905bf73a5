/// A template-based cluster deployment (k0rdent/kcm ClusterDeployment style).
///
/// The deployment names a template (`spec.template`) and sets template variables
/// (`spec.config`); Cluster API does the actual rollout and this engine only observes it.
public struct TemplateDeployment: Hashable, Sendable, Codable {
    /// The cluster's id, reported as `cluster_id` in telemetry.
    public var clusterId: String
    /// Name of the Cluster API `Cluster` object; objects labelled
    /// `cluster.x-k8s.io/cluster-name` with this value belong to the deployment.
    public var clusterName: String
    /// Namespace of the Cluster API objects, or `nil` to accept any namespace.
    public var namespace: String?
    /// The infrastructure the cluster runs on (e.g. `aws`), reported as `target_infrastructure`.
    public var targetInfrastructure: String
    /// The template the deployment points at now.
    public var template: String
    /// The template variables the deployment sets now.
    public var variables: TemplateValue
    /// Declared upgrade paths; `nil` means none are declared and every target is allowed.
    public var upgradePaths: [TemplateUpgradePath]?
    /// Control plane replicas the deployment asks for, when known from its variables; the
    /// observed control plane's `spec.replicas` is used as well.
    public var controlPlaneReplicas: Int?
    /// How long an upgrade may go without progress before it is failed, in milliseconds.
    public var noProgressDeadlineMilliseconds: Int64

    /// Thirty minutes: the default no-progress deadline.
    public static let defaultNoProgressDeadlineMilliseconds: Int64 = 30 * 60 * 1000

    /// Creates a deployment description.
    public init(
        clusterId: String,
        clusterName: String,
        namespace: String? = nil,
        targetInfrastructure: String,
        template: String,
        variables: TemplateValue = .emptyObject,
        upgradePaths: [TemplateUpgradePath]? = nil,
        controlPlaneReplicas: Int? = nil,
        noProgressDeadlineMilliseconds: Int64 = TemplateDeployment.defaultNoProgressDeadlineMilliseconds
    ) {
        self.clusterId = clusterId
        self.clusterName = clusterName
        self.namespace = namespace
        self.targetInfrastructure = targetInfrastructure
        self.template = template
        self.variables = variables
        self.upgradePaths = upgradePaths
        self.controlPlaneReplicas = controlPlaneReplicas
        self.noProgressDeadlineMilliseconds = noProgressDeadlineMilliseconds
    }
}
