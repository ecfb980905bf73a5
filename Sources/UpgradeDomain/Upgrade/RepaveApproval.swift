/// Where an upgrade stands with respect to the cluster-level repave approval.
public enum RepaveApproval: Sendable, Hashable, Codable {
    /// Not a repave: no approval needed.
    case notRequired
    /// A repave waiting for a decision; no node is touched until approved.
    case pending(since: Timestamp)
    /// Approved.
    case approved(ApprovalDecision)
    private enum ApprovedCodingKeys: String, CodingKey { case _0 = "decision" }
    /// Denied; the upgrade is cancelled.
    case denied(ApprovalDecision)
    private enum DeniedCodingKeys: String, CodingKey { case _0 = "decision" }
}
