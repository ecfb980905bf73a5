import UpgradeDomain

/// Writes the payloads of the node-step events (and of an upgrade's success, one per upgrade)
/// directly, without going through `Encodable`.
///
/// Nine of ten events a rolling upgrade records are `nodeStepStarted`, `nodeStepSucceeded` or
/// `nodeFinished`; encoding them through `Encodable` costs most of a fleet replay's recording
/// time. This writes the same bytes `UpgradeEventPayload` writes through `CompactJSONEncoder`
/// (and `JSONEncoder` with sorted keys would): keys in byte order.
/// Other events return nil and take the general path. Debug builds check every payload written
/// here against the general encoder, so a field added to these types cannot go missing unnoticed.
enum NodeEventJSON {
    static func encode(_ event: UpgradeEvent) -> [UInt8]? {
        var out: [UInt8] = []
        switch event {
        case .nodeStepStarted(let request):
            out.reserveCapacity(320)
            out.append(contentsOf: #"{"attempt":"#.utf8)
            JSONScalar.appendInteger(request.attempt, to: &out)
            out.append(contentsOf: #","deadline":"#.utf8)
            JSONScalar.appendTimestamp(request.deadline, to: &out)
            out.append(contentsOf: #","node":"#.utf8)
            JSONScalar.appendString(request.node.rawValue, to: &out)
            out.append(contentsOf: #","pool":"#.utf8)
            JSONScalar.appendString(request.pool.rawValue, to: &out)
            out.append(contentsOf: #","requestedAt":"#.utf8)
            JSONScalar.appendTimestamp(request.requestedAt, to: &out)
            out.append(contentsOf: #","services":"#.utf8)
            JSONScalar.appendStrings(request.services, to: &out)
            if let startedAt = request.startedAt {
                out.append(contentsOf: #","startedAt":"#.utf8)
                JSONScalar.appendTimestamp(startedAt, to: &out)
            }
            out.append(contentsOf: #","step":"#.utf8)
            JSONScalar.appendString(request.step.rawValue, to: &out)
            out.append(contentsOf: #","stepIndex":"#.utf8)
            JSONScalar.appendInteger(request.stepIndex, to: &out)
            out.append(contentsOf: #","upgrade":"#.utf8)
            JSONScalar.appendInteger(request.upgrade, to: &out)
            out.append(0x7D)
        case .nodeStepSucceeded(let success):
            out.reserveCapacity(320)
            out.append(contentsOf: #"{"at":"#.utf8)
            JSONScalar.appendTimestamp(success.at, to: &out)
            out.append(contentsOf: #","attempt":"#.utf8)
            JSONScalar.appendInteger(success.attempt, to: &out)
            out.append(contentsOf: #","idempotencyKey":"#.utf8)
            JSONScalar.appendString(success.idempotencyKey, to: &out)
            out.append(contentsOf: #","node":"#.utf8)
            JSONScalar.appendString(success.node.rawValue, to: &out)
            out.append(contentsOf: #","step":"#.utf8)
            JSONScalar.appendString(success.step.rawValue, to: &out)
            out.append(contentsOf: #","upgrade":"#.utf8)
            JSONScalar.appendInteger(success.upgrade, to: &out)
            out.append(0x7D)
        case .nodeFinished(let upgrade, let node, let at):
            out.reserveCapacity(320)
            out.append(contentsOf: #"{"at":"#.utf8)
            JSONScalar.appendTimestamp(at, to: &out)
            out.append(contentsOf: #","node":"#.utf8)
            JSONScalar.appendString(node.rawValue, to: &out)
            out.append(contentsOf: #","upgrade":"#.utf8)
            JSONScalar.appendInteger(upgrade, to: &out)
            out.append(0x7D)
        case .upgradeSucceeded(let success):
            out.reserveCapacity(160)
            out.append(contentsOf: #"{"at":"#.utf8)
            JSONScalar.appendTimestamp(success.at, to: &out)
            out.append(contentsOf: #","newlyOrphanedPacks":"#.utf8)
            JSONScalar.appendStrings(success.newlyOrphanedPacks, to: &out)
            out.append(contentsOf: #","target":"#.utf8)
            JSONScalar.appendProfile(success.target, to: &out)
            out.append(contentsOf: #","upgrade":"#.utf8)
            JSONScalar.appendInteger(success.upgrade, to: &out)
            out.append(0x7D)
        default:
            return nil
        }
        assert(out == (try? UpgradeEventPayload.encode(event)), "NodeEventJSON differs from the Codable form of \(event)")
        return out
    }
}
