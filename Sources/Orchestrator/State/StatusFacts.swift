import Engine
import Foundation
import UpgradeDomain

/// One upgrade status in words: a name, the lines that explain it, and the same as JSON.
struct StatusFacts {
    /// `in-progress`, `awaiting-approval`, … (for JSON)
    var slug: String
    /// `in progress`, `awaiting approval`, … (for people)
    var text: String { slug.replacingOccurrences(of: "-", with: " ") }
    /// Labelled lines for the table.
    var lines: [(String, String)] = []
    /// The `detail` object (fixed key order per status), or `null`.
    var json = "null"

    init(_ status: UpgradeStatus) {
        switch status {
        case .idle:
            slug = "idle"
        case .awaitingApproval(_, let since):
            slug = "awaiting-approval"
            lines = [("waiting since", TimeText.rfc3339(since.millisecondsSinceEpoch))]
            json = JSONText.object([("since", JSONText.time(since.millisecondsSinceEpoch))])
        case .deferred(_, let reason, let since):
            slug = "deferred"
            lines = [("deferred", "\(reason.rawValue) since \(TimeText.rfc3339(since.millisecondsSinceEpoch))")]
            json = JSONText.object([("reason", JSONText.quote(reason.rawValue)), ("since", JSONText.time(since.millisecondsSinceEpoch))])
        case .inProgress(_, let current):
            slug = "in-progress"
            lines = current.isEmpty
                ? [("current", "between steps")]
                : current.map { ("current", "\($0.node.rawValue) \($0.step.rawValue) (try \($0.attempt), since \(TimeText.rfc3339($0.requestedAt.millisecondsSinceEpoch))\(Self.started($0)))") }
            json = JSONText.object([("current", JSONText.array(current.map(Self.request)))])
        case .paused(_, let by):
            slug = "paused"
            lines = [("paused", "\(SaidText.of(by.actor, by.comment)) at \(TimeText.rfc3339(by.at.millisecondsSinceEpoch))")]
            json = Self.action(by)
        case .succeeded(let success):
            slug = "succeeded"
            lines = [("ended", TimeText.rfc3339(success.at.millisecondsSinceEpoch))]
            json = JSONText.object([("at", JSONText.time(success.at.millisecondsSinceEpoch))])
        case .failed(let failure):
            slug = "failed"
            lines = [("failed", "\(failure.node.rawValue) \(failure.step.rawValue) after \(failure.attempts) tries: \(failure.error)"),
                     ("ended", TimeText.rfc3339(failure.at.millisecondsSinceEpoch))]
            json = JSONText.object([
                ("node", JSONText.quote(failure.node.rawValue)), ("step", JSONText.quote(failure.step.rawValue)),
                ("attempts", String(failure.attempts)), ("error", JSONText.quote(failure.error.description)),
                ("at", JSONText.time(failure.at.millisecondsSinceEpoch)),
            ])
        case .cancelled(let cancellation):
            slug = "cancelled"
            let reason = cancellation.reason.name
            lines = [("cancelled", "\(reason) \(SaidText.of(cancellation.by.actor, cancellation.by.comment))"),
                     ("ended", TimeText.rfc3339(cancellation.by.at.millisecondsSinceEpoch))]
            json = JSONText.object([("reason", JSONText.quote(reason))] + Self.actionPairs(cancellation.by))
        }
    }

    private static func request(_ request: NodeActionRequest) -> String {
        JSONText.object([
            ("node", JSONText.quote(request.node.rawValue)), ("pool", JSONText.quote(request.pool.rawValue)),
            ("step", JSONText.quote(request.step.rawValue)), ("attempt", String(request.attempt)),
            ("since", JSONText.time(request.requestedAt.millisecondsSinceEpoch)),
            ("deadline", JSONText.time(request.deadline.millisecondsSinceEpoch)),
        ] + (request.startedAt.map { [("started", JSONText.time($0.millisecondsSinceEpoch))] } ?? []))
    }

    /// `, agent started at …` once the agent reported the start; empty before.
    private static func started(_ request: NodeActionRequest) -> String {
        request.startedAt.map { ", agent started at \(TimeText.rfc3339($0.millisecondsSinceEpoch))" } ?? ""
    }

    private static func action(_ action: OperatorAction) -> String { JSONText.object(actionPairs(action)) }

    private static func actionPairs(_ action: OperatorAction) -> [(String, String)] {
        [("actor", JSONText.quote(action.actor)), ("comment", JSONText.quote(action.comment)),
         ("at", JSONText.time(action.at.millisecondsSinceEpoch))]
    }
}
