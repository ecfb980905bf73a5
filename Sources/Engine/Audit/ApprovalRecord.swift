import Foundation
import UpgradeDomain

/// One repave decision: who approved or denied which upgrade, when, what it covered, and how long
/// the approval was waited for.
public struct ApprovalRecord: Sendable, Hashable {
    /// `approved` or `denied`.
    public enum Verdict: String, Sendable, Hashable {
        case approved, denied
    }

    /// The decision event's log position.
    public var position: UInt64
    public var cluster: String
    public var verdict: Verdict
    /// The named person, their comment and when they decided.
    public var decision: ApprovalDecision
    /// The upgrade decided on (its id is the decision's correlation id); nil if the store does not tell.
    public var upgrade: UUID?
    /// What the upgrade was: number, change (target, behaviour), plan (nodes).
    public var accepted: AcceptedUpgrade?
    /// When the approval was requested.
    public var requestedMs: Int64?

    /// How long the decision was waited for.
    public var waitedMs: Int64? { requestedMs.map { decision.at.millisecondsSinceEpoch - $0 } }

    public init(position: UInt64, cluster: String, verdict: Verdict, decision: ApprovalDecision,
                upgrade: UUID?, accepted: AcceptedUpgrade?, requestedMs: Int64?) {
        self.position = position
        self.cluster = cluster
        self.verdict = verdict
        self.decision = decision
        self.upgrade = upgrade
        self.accepted = accepted
        self.requestedMs = requestedMs
    }
}
