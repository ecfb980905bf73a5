/// What can be asked of one edge cluster's upgrade decider.
public enum UpgradeCommand: Sendable, Hashable, Codable {
    /// Start tracking a cluster (once), with its step deadlines and retry limit.
    case registerCluster(Cluster, policy: UpgradePolicy, at: Timestamp)
    /// Record the inventory's status for the cluster (provisioning, running, deleting).
    case reportClusterStatus(ClusterStatus, at: Timestamp)
    /// Record whether the Kubernetes service answers; `healthy` resumes a deferred upgrade.
    case reportKubernetesHealth(KubernetesHealth, at: Timestamp)
    /// Move the cluster to another profile version (queued if an upgrade is under way).
    case changeProfile(ProfileChange, at: Timestamp)
    /// Approve the pending repave. With `upgrade`, only if that is the upgrade under way: an
    /// approval is for the repave its approver looked at, never for one that replaced it since.
    /// With `separateFromRequester`, refused when `actor` asked for the change under way: a repave
    /// then takes two people, one to ask and another to approve (ADR 0027).
    case approveRepave(actor: String, comment: String, upgrade: Int? = nil, separateFromRequester: Bool = false, at: Timestamp)
    /// Deny the pending repave; the upgrade is cancelled. `upgrade` as for an approval.
    case denyRepave(actor: String, comment: String, upgrade: Int? = nil, at: Timestamp)
    /// Stop starting new steps; steps already requested still report. `upgrade` as for an approval.
    case pause(actor: String, comment: String, upgrade: Int? = nil, at: Timestamp)
    /// Continue after a pause. `upgrade` as for an approval.
    case resume(actor: String, comment: String, upgrade: Int? = nil, at: Timestamp)
    /// Abandon the upgrade. `upgrade` as for an approval.
    case cancel(actor: String, comment: String, upgrade: Int? = nil, at: Timestamp)
    /// An agent's answer to a requested node step.
    case reportNodeStep(NodeStepReport)
    /// An agent began a requested node step (its time is shown in node progress).
    case reportNodeStepStarted(NodeStepStartReport)
    /// Time has passed: steps whose deadline is at or before `now` time out.
    case tick(now: Timestamp)

    /// The command's name, as recorded in a refusal.
    public var name: String {
        switch self {
        case .registerCluster: "registerCluster"
        case .reportClusterStatus: "reportClusterStatus"
        case .reportKubernetesHealth: "reportKubernetesHealth"
        case .changeProfile: "changeProfile"
        case .approveRepave: "approveRepave"
        case .denyRepave: "denyRepave"
        case .pause: "pause"
        case .resume: "resume"
        case .cancel: "cancel"
        case .reportNodeStep: "reportNodeStep"
        case .reportNodeStepStarted: "reportNodeStepStarted"
        case .tick: "tick"
        }
    }

    /// When the command happened.
    public var at: Timestamp {
        switch self {
        case .registerCluster(_, _, let at), .reportClusterStatus(_, let at), .reportKubernetesHealth(_, let at),
            .changeProfile(_, let at), .approveRepave(_, _, _, _, let at), .denyRepave(_, _, _, let at),
            .pause(_, _, _, let at), .resume(_, _, _, let at), .cancel(_, _, _, let at):
            at
        case .reportNodeStep(let report): report.at
        case .reportNodeStepStarted(let report): report.at
        case .tick(let now): now
        }
    }
}
