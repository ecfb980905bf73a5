/// Why an upgrade failed, precise enough to show on the deployment object.
public struct TemplateUpgradeFailure: Hashable, Sendable, Codable {
    /// What signalled the failure.
    public enum Cause: Hashable, Sendable, Codable {
        /// A Machine in v1beta1 phase `Failed`.
        case phase(String)
        private enum PhaseCodingKeys: String, CodingKey { case _0 = "phase" }
        /// `failureReason`/`failureMessage` set on the object.
        case failureReason
        /// A condition False with a failure reason (see ``CAPIFailureRule``).
        case condition(type: String, flavor: CAPIConditionFlavor)
        /// No progress before the deadline.
        case noProgress(deadlineMilliseconds: Int64, lastProgressAt: TemplateInstant)
    }

    /// The upgrade that failed.
    public var upgradeId: String
    /// Kind of the object that failed (`Machine`, `KubeadmControlPlane`, ... or `Cluster`
    /// for a deadline).
    public var objectKind: String
    /// `namespace/name` of that object.
    public var objectName: String
    /// Which signal: phase, failureReason, condition or deadline.
    public var cause: Cause
    /// Machine-readable reason (condition reason, failureReason, `ProgressDeadlineExceeded`).
    public var reason: String
    /// Human-readable message from Cluster API, or ours for a deadline.
    public var message: String
    /// When the engine recognised the failure.
    public var at: TemplateInstant

    /// Creates a failure record.
    public init(
        upgradeId: String, objectKind: String, objectName: String, cause: Cause,
        reason: String, message: String, at: TemplateInstant
    ) {
        self.upgradeId = upgradeId
        self.objectKind = objectKind
        self.objectName = objectName
        self.cause = cause
        self.reason = reason
        self.message = message
        self.at = at
    }

    /// One line for the operator: object, signal, reason, message, time.
    public var summary: String {
        let signal: String
        switch cause {
        case .phase(let phase): signal = "phase \(phase)"
        case .failureReason: signal = "failureReason"
        case .condition(let type, let flavor): signal = "condition \(type)=False (\(flavor.rawValue))"
        case .noProgress(let deadline, let last):
            signal = "no progress for \(deadline / 1000)s since \(last)"
        }
        let text = message.isEmpty ? "" : ": \(message)"
        return "Upgrade failed at \(at): \(objectKind) \(objectName) \(signal), reason \(reason)\(text)"
    }
}
