/// Decides which observed Cluster API status counts as an upgrade failure.
///
/// Failures (checked in this order, first match wins):
/// 1. A Machine in phase `Failed` (v1beta1; v1beta2 no longer sets it).
/// 2. `failureReason` or `failureMessage` set on any object (v1beta1 `status.failureReason`,
///    v1beta2 `status.deprecated.v1beta1.failureReason`): Cluster API sets these only for
///    terminal problems that need a human.
/// 3. A condition with status `False` whose reason names a failure: it ends in `Failed`
///    (`InstanceProvisionFailed`, `BootstrapFailed`, `RemediationFailed`, ...) or is one of
///    ``terminalReasons``, unless it is one of ``transientReasons``. Conditions are checked in
///    a fixed order (flavor, then type) so the same object always reports the same cause.
///
/// Everything else is transient and only slows progress (the deadline catches a stall):
/// `Ready=False`, `Available=False`, `UpToDate=False` with reasons such as `NotReady`,
/// `NotUpToDate`, `WaitingFor…`, `Provisioning`, `Draining`; conditions of negative polarity
/// (`RollingOut`, `ScalingUp`, `ScalingDown`, `Remediating`, `Deleting`, `Updating`, `Paused`)
/// in any status; `Unknown` statuses; v1beta1 severity alone (KCP marks etcd health `Error`
/// briefly while members join). Objects being deleted and DELETED events are never failures:
/// old machines go away in a rolling replacement, and remediation deletes broken ones.
public enum CAPIFailureRule {
    /// Reasons ending in `Failed` that Cluster API retries by itself.
    public static let transientReasons: Set<String> = [
        "DrainingFailed", "ControlPlaneComponentsInspectionFailed", "EtcdClusterInspectionFailed",
        "InspectionFailed", "ProbeFailed", "RemoteConnectionFailed",
    ]
    /// Terminal reasons that do not end in `Failed`.
    public static let terminalReasons: Set<String> = ["InstanceTerminated"]
    /// Condition types where True is the noteworthy state, so False is never a failure.
    public static let negativePolarityTypes: Set<String> = [
        "RollingOut", "ScalingUp", "ScalingDown", "Remediating", "Deleting", "Updating", "Paused",
    ]

    /// What about one object signals a failure.
    public struct Finding: Hashable, Sendable {
        /// Which signal it was.
        public var cause: TemplateUpgradeFailure.Cause
        /// The machine-readable reason.
        public var reason: String
        /// The human-readable message (empty when Cluster API gave none).
        public var message: String
    }

    /// The failure `object` shows, or `nil` when it shows none.
    public static func finding(in object: CAPIObject) -> Finding? {
        if object.isBeingDeleted || object.phase == "Deleting" || object.phase == "Deleted" { return nil }
        if case .other = object.kind { return nil }
        let failureReason = nonEmpty(object.failureReason)
        let failureMessage = nonEmpty(object.failureMessage) ?? ""
        if object.kind == .machine, object.phase == "Failed" {
            return Finding(cause: .phase("Failed"), reason: failureReason ?? "Failed", message: failureMessage)
        }
        if failureReason != nil || !failureMessage.isEmpty {
            return Finding(cause: .failureReason, reason: failureReason ?? "Unknown", message: failureMessage)
        }
        let ordered = object.conditions.sorted { ($0.flavor, $0.type) < ($1.flavor, $1.type) }
        for condition in ordered where isFailure(condition) {
            return Finding(
                cause: .condition(type: condition.type, flavor: condition.flavor),
                reason: condition.reason ?? "", message: condition.message ?? "")
        }
        return nil
    }

    /// True when `condition` is a False condition with a failure reason.
    public static func isFailure(_ condition: CAPICondition) -> Bool {
        guard condition.status == .false, !negativePolarityTypes.contains(condition.type),
              let reason = condition.reason, !transientReasons.contains(reason) else { return false }
        return reason.hasSuffix("Failed") || terminalReasons.contains(reason)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
