import Engine
import Foundation
import UpgradeDomain

/// What `orchestrator state` prints: the same facts as aligned `label  value` lines for people and
/// as one JSON object whose keys always come in the same order.
struct StateReport {
    private var sheet = FactSheet()

    init(snapshot: ClusterSnapshot, point: ClusterSnapshot.Point) {
        let state = snapshot.state
        let cluster = state.cluster
        add("cluster", snapshot.cluster, key: "cluster", JSONText.quote(snapshot.cluster))
        add("at", StatePoint.text(point), key: "at", JSONText.quote(StatePoint.text(point)))
        let last = snapshot.lastEvent
        add("folded up to", last.map { "position \($0.position), \(TimeText.rfc3339($0.recordedAtMs))" } ?? "nothing (before the cluster's first event)",
            key: "foldedAt", JSONText.object([("position", JSONText.number(last?.position)), ("time", JSONText.time(last?.recordedAtMs))]))
        add("profile", cluster.map { ProfileJSON.text($0.profile) } ?? "- (not registered yet)",
            key: "profile", cluster.map { ProfileJSON.reference($0.profile) } ?? "null")
        add("kubernetes", cluster?.kubernetesHealth.rawValue ?? "-", key: "kubernetesHealth", JSONText.quote(cluster?.kubernetesHealth.rawValue))
        let status = StatusFacts(state.status)
        add("status", status.text, key: "status", JSONText.quote(status.slug))
        let upgrade = UpgradeFacts(state: state, snapshot: snapshot)
        add("upgrade", upgrade?.text ?? "-", key: "upgrade", upgrade?.json ?? "null")
        for (label, text) in status.lines { add(label, text) }
        sheet.pairs.append(("detail", status.json))
        let cordoned = (state.active?.cordonedNodes ?? state.nodesLeftCordoned).map(\.rawValue)
        add("cordoned", cordoned.isEmpty ? "-" : cordoned.joined(separator: ", "), key: "cordonedNodes", JSONText.array(cordoned.map { JSONText.quote($0) }))
        let removed = (state.active?.removedNodes ?? state.nodesLeftRemoved).map(\.rawValue)
        add("removed", removed.isEmpty ? "-" : removed.joined(separator: ", ") + " (out of the cluster, not replaced)",
            key: "removedNodes", JSONText.array(removed.map { JSONText.quote($0) }))
        let replaced = (state.active?.nodesWithReplacementUp ?? state.nodesLeftWithReplacement).map(\.rawValue)
        add("replacement up", replaced.isEmpty ? "-" : replaced.joined(separator: ", ") + " (a replacement beside each, the node not removed)",
            key: "replacementsLeft", JSONText.array(replaced.map { JSONText.quote($0) }))
        let removalUnknown = (state.active?.nodesRemovalUnanswered ?? state.nodesLeftRemovalUnknown).map(\.rawValue)
        add("removal asked", removalUnknown.isEmpty ? "-" : removalUnknown.joined(separator: ", ") + " (never answered: in the cluster or not)",
            key: "removalsUnknown", JSONText.array(removalUnknown.map { JSONText.quote($0) }))
        let replacementUnknown = (state.active?.nodesReplacementUnanswered ?? state.nodesLeftReplacementUnknown).map(\.rawValue)
        add("provisioning", replacementUnknown.isEmpty ? "-" : replacementUnknown.joined(separator: ", ") + " (replacement asked, never answered: up or not)",
            key: "replacementsUnknown", JSONText.array(replacementUnknown.map { JSONText.quote($0) }))
        let queued = state.queued
        add("queued", queued.map { "\($0.behavior.rawValue) to \(ProfileJSON.text($0.target)), requested by \($0.requestedBy)" } ?? "-",
            key: "queued", queued.map {
                JSONText.object([("behavior", JSONText.quote($0.behavior.rawValue)), ("target", ProfileJSON.reference($0.target)),
                                 ("requestedBy", JSONText.quote($0.requestedBy))])
            } ?? "null")
        let orphans = state.orphanedPacks
        add("orphaned packs", orphans.isEmpty ? "-" : orphans.joined(separator: ", "), key: "orphanedPacks", JSONText.array(orphans.map { JSONText.quote($0) }))
        add("upgrades", String(state.upgradesAccepted), key: "upgradesAccepted", String(state.upgradesAccepted))
    }

    func table() -> [String] { sheet.table() }

    func json() -> String { sheet.json() }

    private mutating func add(_ label: String, _ text: String, key: String? = nil, _ json: String = "") {
        sheet.add(label, text, key: key, json)
    }
}
