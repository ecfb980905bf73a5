import Engine
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

    /// Appends the view as compact JSON with sorted keys (the bytes of `CompactJSONEncoder`).
    func appendJSON(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"attempt":"#.utf8)
        JSONScalar.appendInteger(attempt, to: &out)
        out.append(contentsOf: #","deadlineMs":"#.utf8)
        JSONScalar.appendInteger(deadlineMs, to: &out)
        out.append(contentsOf: #","node":"#.utf8)
        JSONScalar.appendString(node, to: &out)
        out.append(contentsOf: #","pool":"#.utf8)
        JSONScalar.appendString(pool, to: &out)
        out.append(contentsOf: #","requestedAtMs":"#.utf8)
        JSONScalar.appendInteger(requestedAtMs, to: &out)
        out.append(contentsOf: #","services":"#.utf8)
        JSONScalar.appendStrings(services, to: &out)
        if let startedAtMs {
            out.append(contentsOf: #","startedAtMs":"#.utf8)
            JSONScalar.appendInteger(startedAtMs, to: &out)
        }
        out.append(contentsOf: #","step":"#.utf8)
        JSONScalar.appendString(step, to: &out)
        out.append(contentsOf: #","stepIndex":"#.utf8)
        JSONScalar.appendInteger(stepIndex, to: &out)
        out.append(contentsOf: #","upgrade":"#.utf8)
        JSONScalar.appendInteger(upgrade, to: &out)
        out.append(UInt8(ascii: "}"))
    }
}
