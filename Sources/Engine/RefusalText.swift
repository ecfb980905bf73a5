import UpgradeDomain

/// Names and sentences for the decider's refusal reasons.
public enum RefusalText {
    public static func name(_ reason: RefusalReason) -> String {
        String(describing: reason).split(separator: "(").first.map(String.init) ?? "\(reason)"
    }

    public static func describe(_ reason: RefusalReason) -> String {
        switch reason {
        case .clusterNotRegistered: "the cluster is not registered"
        case .clusterAlreadyRegistered: "the cluster is already registered"
        case .invalidCluster(let error): "the cluster is not valid: \(error)"
        case .unsupportedClusterKind(let kind): "clusters of kind \(kind.rawValue) are not upgraded this way"
        case .clusterIsProvisioning: "the cluster is still provisioning"
        case .clusterIsDeleting: "the cluster is being deleted"
        case .kubernetesDowngrade(let from, let to): "Kubernetes \(from) → \(to) is a downgrade"
        case .skippedMinorVersion(let from, let to): "Kubernetes \(from) → \(to) skips a minor version"
        case .unparseableKubernetesVersion(let text): "Kubernetes version \(text) does not parse"
        case .cniChangeOnEdge(let from, let to): "an edge cluster cannot change its CNI (\(from ?? "none") → \(to ?? "none"))"
        case .kubernetesDistributionChangeOnEdge(let from, let to):
            "an edge cluster cannot change its Kubernetes distribution (\(from) → \(to)); delete and re-create it instead"
        case .noUpgradeInProgress: "no upgrade is in progress"
        case .noApprovalPending: "no repave approval is pending"
        case .approvalNeedsNamedActor: "an approval needs a named actor"
        case .approverAskedForChange(let actor):
            "\(actor) asked for this change, and approvals here are separate from requests: another approver must approve it"
        case .operatorActionNeedsNamedActor: "this action needs a named actor"
        case .alreadyPaused: "the upgrade is already paused"
        case .notPaused: "the upgrade is not paused"
        case .unknownNode(let node): "node \(node) is not in this cluster"
        case .stepNotInFlight(let node, let step): "step \(step.rawValue) of node \(node) is not in flight"
        case .staleAttempt(let node, let step, let reported, let current):
            reported > current
                ? "report for attempt \(reported) of \(step.rawValue) on \(node), which was never requested: attempt \(current) is current"
                : "report for attempt \(reported) of \(step.rawValue) on \(node), but attempt \(current) is current"
        case .otherUpgrade(let node, let step, let reported, let current):
            "report for \(step.rawValue) on \(node) in upgrade \(reported), but upgrade \(current) is under way"
        case .otherUpgradeUnderWay(let named, let current, let target):
            "it names upgrade \(named), but upgrade \(current) (to \(target)) is under way"
        case .missingIdempotencyKey: "the report has no idempotency key"
        }
    }
}
