import UpgradeDomain

/// Writes the payload of `profileChangeAccepted` directly, without going through `Encodable`.
///
/// Every upgrade records one, and its plan names every node of the cluster with its steps, so
/// through `Encodable` it cost more of a fleet replay's recording than any other event but the
/// node steps. The plan's node and pool entries are written here; the change, the plan's notes
/// and a forced minor skip (small, and of many shapes) still go through `CompactJSONEncoder`.
/// The bytes are those of `UpgradeEventPayload`, keys in byte order; debug builds
/// check every payload written here against the general encoder, as `NodeEventJSON` does.
enum AcceptedUpgradeJSON {
    static func encode(_ event: UpgradeEvent) throws -> [UInt8]? {
        guard case .profileChangeAccepted(let accepted) = event else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(1024 + 256 * accepted.plan.nodes.count)
        out.append(contentsOf: #"{"at":"#.utf8)
        JSONScalar.appendTimestamp(accepted.at, to: &out)
        out.append(contentsOf: #","change":"#.utf8)
        try JSONScalar.appendEncoded(accepted.change, to: &out)
        if let skip = accepted.forcedMinorSkip {
            out.append(contentsOf: #","forcedMinorSkip":"#.utf8)
            try JSONScalar.appendEncoded(skip, to: &out)
        }
        out.append(contentsOf: #","heldAfterFailure":"#.utf8)
        JSONScalar.appendBool(accepted.heldAfterFailure, to: &out)
        out.append(contentsOf: #","plan":"#.utf8)
        try appendPlan(accepted.plan, to: &out)
        out.append(contentsOf: #","previouslyCordoned":["#.utf8)
        for (index, node) in accepted.previouslyCordoned.enumerated() {
            if index > 0 { out.append(0x2C) }
            JSONScalar.appendString(node.rawValue, to: &out)
        }
        out.append(0x5D)
        // The optional lists in byte order: RemovalUnknown < Removed < Replaced < ReplacementUnknown.
        if !accepted.previouslyRemovalUnknown.isEmpty {
            out.append(contentsOf: #","previouslyRemovalUnknown":"#.utf8)
            JSONScalar.appendStrings(accepted.previouslyRemovalUnknown.map(\.rawValue), to: &out)
        }
        if !accepted.previouslyRemoved.isEmpty {
            out.append(contentsOf: #","previouslyRemoved":"#.utf8)
            JSONScalar.appendStrings(accepted.previouslyRemoved.map(\.rawValue), to: &out)
        }
        if !accepted.previouslyReplaced.isEmpty {
            out.append(contentsOf: #","previouslyReplaced":"#.utf8)
            JSONScalar.appendStrings(accepted.previouslyReplaced.map(\.rawValue), to: &out)
        }
        if !accepted.previouslyReplacementUnknown.isEmpty {
            out.append(contentsOf: #","previouslyReplacementUnknown":"#.utf8)
            JSONScalar.appendStrings(accepted.previouslyReplacementUnknown.map(\.rawValue), to: &out)
        }
        out.append(contentsOf: #","upgrade":"#.utf8)
        JSONScalar.appendInteger(accepted.upgrade, to: &out)
        out.append(0x7D)
        assert(out == (try? UpgradeEventPayload.encode(event)), "AcceptedUpgradeJSON differs from the Codable form of \(event)")
        return out
    }

    private static func appendPlan(_ plan: UpgradePlan, to out: inout [UInt8]) throws {
        out.append(contentsOf: #"{"behavior":"#.utf8)
        JSONScalar.appendString(plan.behavior.rawValue, to: &out)
        out.append(contentsOf: #","limits":["#.utf8)
        for (index, limits) in plan.limits.enumerated() {
            if index > 0 { out.append(0x2C) }
            appendLimits(limits, to: &out)
        }
        out.append(contentsOf: #"],"nodes":["#.utf8)
        for (index, node) in plan.nodes.enumerated() {
            if index > 0 { out.append(0x2C) }
            appendNode(node, to: &out)
        }
        out.append(contentsOf: #"],"notes":"#.utf8)
        try JSONScalar.appendEncoded(plan.notes, to: &out)
        out.append(contentsOf: #","servicesToRestart":"#.utf8)
        JSONScalar.appendStrings(plan.servicesToRestart, to: &out)
        out.append(0x7D)
    }

    private static func appendLimits(_ limits: PoolRolloutLimits, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"maxSurge":"#.utf8)
        JSONScalar.appendInteger(limits.maxSurge, to: &out)
        out.append(contentsOf: #","maxUnavailable":"#.utf8)
        JSONScalar.appendInteger(limits.maxUnavailable, to: &out)
        out.append(contentsOf: #","pool":"#.utf8)
        JSONScalar.appendString(limits.pool.rawValue, to: &out)
        out.append(contentsOf: #","resolved":{"maxSurge":"#.utf8)
        JSONScalar.appendInteger(limits.resolved.maxSurge, to: &out)
        out.append(contentsOf: #","maxUnavailable":"#.utf8)
        JSONScalar.appendInteger(limits.resolved.maxUnavailable, to: &out)
        out.append(contentsOf: #","unavailableRaisedToOne":"#.utf8)
        JSONScalar.appendBool(limits.resolved.unavailableRaisedToOne, to: &out)
        out.append(contentsOf: #"},"role":"#.utf8)
        JSONScalar.appendString(limits.role.rawValue, to: &out)
        out.append(0x7D)
    }

    private static func appendNode(_ node: NodePlan, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"disruption":"#.utf8)
        JSONScalar.appendString(node.disruption.rawValue, to: &out)
        out.append(contentsOf: #","node":"#.utf8)
        JSONScalar.appendString(node.node.rawValue, to: &out)
        out.append(contentsOf: #","pool":"#.utf8)
        JSONScalar.appendString(node.pool.rawValue, to: &out)
        out.append(contentsOf: #","role":"#.utf8)
        JSONScalar.appendString(node.role.rawValue, to: &out)
        out.append(contentsOf: #","steps":["#.utf8)
        for (index, step) in node.steps.enumerated() {
            if index > 0 { out.append(0x2C) }
            JSONScalar.appendString(step.rawValue, to: &out)
        }
        out.append(contentsOf: "]}".utf8)
    }
}
