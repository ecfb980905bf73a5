/// Why a command was refused. A refused command changes nothing.
public enum RefusalReason: Error, Sendable, Hashable, Codable {
    /// No cluster has been registered with this decider yet.
    case clusterNotRegistered
    /// The cluster is already registered.
    case clusterAlreadyRegistered
    /// The cluster description is inconsistent.
    case invalidCluster(FleetValidationError)
    private enum InvalidClusterCodingKeys: String, CodingKey { case _0 = "error" }
    /// This decider drives edge clusters only.
    case unsupportedClusterKind(ClusterKind)
    private enum UnsupportedClusterKindCodingKeys: String, CodingKey { case _0 = "kind" }
    /// Profile updates are refused while the cluster is provisioning.
    case clusterIsProvisioning
    /// Profile updates are refused while the cluster is being deleted.
    case clusterIsDeleting
    /// Kubernetes can never be downgraded.
    case kubernetesDowngrade(from: String, to: String)
    /// A minor version would be skipped and no override was given.
    case skippedMinorVersion(from: String, to: String)
    /// A Kubernetes version string could not be parsed.
    case unparseableKubernetesVersion(String)
    private enum UnparseableKubernetesVersionCodingKeys: String, CodingKey { case _0 = "version" }
    /// An edge cluster's CNI pack cannot be swapped; delete and re-create the cluster instead.
    case cniChangeOnEdge(from: String?, to: String?)
    /// An edge cluster's Kubernetes distribution (K3s, RKE2, PXK-E) cannot be swapped in place.
    case kubernetesDistributionChangeOnEdge(from: String, to: String)
    /// There is no upgrade in progress to act on.
    case noUpgradeInProgress
    /// The upgrade is not waiting for a repave approval.
    case noApprovalPending
    /// Approvals and denials must name who decided.
    case approvalNeedsNamedActor
    /// Where approvals are separate from requests (ADR 0027), the one who asked for a repave
    /// cannot approve it: another approver must.
    case approverAskedForChange(actor: String)
    /// Pause, resume and cancel must name who asked.
    case operatorActionNeedsNamedActor
    /// The upgrade is already paused.
    case alreadyPaused
    /// The upgrade is not paused.
    case notPaused
    /// The report names a node that is not part of the upgrade.
    case unknownNode(NodeID)
    private enum UnknownNodeCodingKeys: String, CodingKey { case _0 = "node" }
    /// The report is about a step that is not running on that node.
    case stepNotInFlight(node: NodeID, step: NodeStep)
    /// The report answers an earlier try of a step that has since been retried.
    case staleAttempt(node: NodeID, step: NodeStep, reported: Int, current: Int)
    /// The report names another upgrade than the one under way (`current`).
    case otherUpgrade(node: NodeID, step: NodeStep, reported: Int, current: Int)
    /// An approval, denial, pause, resume or cancel names an upgrade (`named`) that is not the one
    /// under way (`current`, moving to `target`).
    case otherUpgradeUnderWay(named: Int, current: Int, target: ProfileReference)
    /// The report's idempotency key is empty.
    case missingIdempotencyKey
}
