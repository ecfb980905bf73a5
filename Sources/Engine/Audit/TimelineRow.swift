import Foundation

/// One line of an upgrade's timeline: a node step (one try of it) or a milestone of the upgrade.
public struct TimelineRow: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// One try of one step on one node, from its request to its report.
        case step
        /// Something that happened to the upgrade as a whole (accepted, approved, paused, succeeded, …).
        case milestone
    }

    public var kind: Kind
    /// The log position of the event that opened the row (the step's request, the milestone itself).
    public var position: UInt64
    /// The step (`drain`, `reboot`, …) or the milestone (`accepted`, `approved`, `succeeded`, …).
    public var name: String
    /// The node, for steps.
    public var node: String?
    /// The try (1 is the first), for steps.
    public var attempt: Int?
    /// When the step was requested, the milestone happened, or the wait it ends began.
    public var startedMs: Int64
    /// When the step was answered, or the wait ended; nil while a step runs and for instant milestones.
    public var endedMs: Int64?
    /// For steps: `succeeded`, `failed`, `retried` (failed, tried again) or `running`; empty for milestones.
    public var outcome: String
    /// The error, who acted and what they said, or what was accepted.
    public var detail: String

    /// How long the step took, or the wait lasted.
    public var durationMs: Int64? { endedMs.map { $0 - startedMs } }

    public init(kind: Kind, position: UInt64, name: String, node: String? = nil, attempt: Int? = nil,
                startedMs: Int64, endedMs: Int64? = nil, outcome: String = "", detail: String = "") {
        self.kind = kind
        self.position = position
        self.name = name
        self.node = node
        self.attempt = attempt
        self.startedMs = startedMs
        self.endedMs = endedMs
        self.outcome = outcome
        self.detail = detail
    }
}
