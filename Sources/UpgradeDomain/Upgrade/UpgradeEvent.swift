/// What happened to one edge cluster's upgrades. Folding these with `evolve` rebuilds the state.
public enum UpgradeEvent: Sendable, Hashable, Codable {
    /// The cluster is tracked from now on.
    case clusterRegistered(Cluster, policy: UpgradePolicy, at: Timestamp)
    /// The inventory's status for the cluster changed.
    case clusterStatusChanged(ClusterStatus, at: Timestamp)
    /// The Kubernetes service went down or came back.
    case kubernetesHealthChanged(KubernetesHealth, at: Timestamp)
    /// A profile change passed the guardrails and was planned.
    case profileChangeAccepted(AcceptedUpgrade)
    /// A profile change arrived mid-upgrade; it waits (replacing, merged, any earlier queued one).
    case profileChangeQueued(ProfileChange, at: Timestamp)
    /// A queued change no longer passes the guardrails once its turn came.
    case queuedProfileChangeDropped(ProfileChange, reason: RefusalReason, at: Timestamp)
    /// Someone asked for the version the running upgrade leads to: the queued change will not run.
    case queuedProfileChangeWithdrawn(ProfileChange, by: String, at: Timestamp)
    /// The upgrade is a repave: nothing happens until a named person approves.
    case repaveApprovalRequested(upgrade: Int, at: Timestamp)
    /// The repave was approved.
    case repaveApproved(ApprovalDecision)
    /// The repave was denied (an `upgradeCancelled` follows).
    case repaveDenied(ApprovalDecision)
    /// The upgrade waits for the cluster to be able to take it.
    case upgradeDeferred(DeferralReason, at: Timestamp)
    /// The reason for deferral cleared; the upgrade continues by itself.
    case upgradeResumedAfterDeferral(at: Timestamp)
    /// An operator (or the engine, after a failure) paused the upgrade.
    case upgradePaused(OperatorAction)
    /// An operator resumed it.
    case upgradeResumed(OperatorAction)
    /// A node step was requested from an agent.
    case nodeStepStarted(NodeActionRequest)
    /// The agent reported it began a requested node step (the step's deadline stays as requested).
    case nodeStepStartReported(NodeStepStartReceipt)
    /// A node step completed.
    case nodeStepSucceeded(NodeStepSuccess)
    /// A node step failed or timed out.
    case nodeStepFailed(NodeStepFailure)
    /// A node went through all its steps.
    case nodeFinished(upgrade: Int, node: NodeID, at: Timestamp)
    /// Every node finished; the cluster runs the target profile.
    case upgradeSucceeded(UpgradeSuccess)
    /// A step failed beyond its retries; progression stopped.
    case upgradeFailed(UpgradeFailure)
    /// The upgrade was cancelled.
    case upgradeCancelled(UpgradeCancellation)
    /// A command was refused; nothing changed. Stored so the refusal is visible later.
    case commandRefused(CommandRefusal)
}
