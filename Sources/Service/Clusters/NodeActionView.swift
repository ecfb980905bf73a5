import UpgradeDomain

/// A requested node step as an agent reads it.
struct NodeActionView: Encodable, Sendable, Hashable {
    var upgrade: Int
    var node: String
    var pool: String
    var step: String
    var stepIndex: Int
    var attempt: Int
    var requestedAtMs: Int64
    var deadlineMs: Int64
    var services: [String]
    /// When the agent reported it began the step; absent until then.
    var startedAtMs: Int64?

    init(_ request: NodeActionRequest) {
        upgrade = request.upgrade
        node = request.node.rawValue
        pool = request.pool.rawValue
        step = request.step.rawValue
        stepIndex = request.stepIndex
        attempt = request.attempt
        requestedAtMs = request.requestedAt.millisecondsSinceEpoch
        deadlineMs = request.deadline.millisecondsSinceEpoch
        services = request.services
        startedAtMs = request.startedAt?.millisecondsSinceEpoch
    }
}
