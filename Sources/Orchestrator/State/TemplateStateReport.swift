import Engine
import Foundation
import UpgradeDomain

/// What `orchestrator state` prints for a template-based deployment: the same `label  value` lines
/// and fixed-order JSON as for an edge cluster, with the template decider's facts.
struct TemplateStateReport {
    private(set) var sheet = FactSheet()

    init(snapshot: TemplateSnapshot, point: ClusterSnapshot.Point) {
        let state = snapshot.state
        let deployment = state.deployment
        sheet.add("cluster", snapshot.cluster, key: "cluster", JSONText.quote(snapshot.cluster))
        sheet.add("kind", ClusterKind.templateBased.rawValue, key: "kind", JSONText.quote(ClusterKind.templateBased.rawValue))
        sheet.add("at", StatePoint.text(point), key: "at", JSONText.quote(StatePoint.text(point)))
        let last = snapshot.lastEvent
        sheet.add("folded up to", last.map { "position \($0.position), \(TimeText.rfc3339($0.recordedAtMs))" } ?? "nothing (before the deployment's first event)",
                  key: "foldedAt", JSONText.object([("position", JSONText.number(last?.position)), ("time", JSONText.time(last?.recordedAtMs))]))
        sheet.add("template", deployment?.template ?? "- (not registered yet)", key: "template", JSONText.quote(deployment?.template))
        sheet.add("infrastructure", deployment?.targetInfrastructure ?? "-", key: "targetInfrastructure", JSONText.quote(deployment?.targetInfrastructure))
        let status = state.status
        sheet.add("status", status.label, key: "status", JSONText.quote(status.label))
        sheet.add("detail", status.detail, key: "detail", JSONText.quote(status.detail))
        let upgrade = state.upgrade
        sheet.add("upgrade", upgrade.map { Self.text($0, snapshot) } ?? "-", key: "upgrade", upgrade.map { Self.json($0, snapshot) } ?? "null")
        let progress = upgrade?.progress
        sheet.add("machines", progress.map { "\($0.machinesUpdated) of \($0.machinesTotal) updated" } ?? "-",
                  key: "machinesProgress", progress.map {
                      JSONText.object([("updated", String($0.machinesUpdated)), ("total", String($0.machinesTotal))])
                  } ?? "null")
        for warning in upgrade?.warnings ?? [] { sheet.add("warning", warning.message) }
        let machines = state.machines
        for machine in machines { sheet.add("machine", Self.text(machine)) }
        sheet.pairs.append(("warnings", JSONText.array((upgrade?.warnings ?? []).map { JSONText.quote($0.message) })))
        sheet.pairs.append(("liveMachines", JSONText.array(machines.map(Self.json))))
    }

    func table() -> [String] { sheet.table() }
    func json() -> String { sheet.json() }

    private static func text(_ upgrade: TemplateUpgrade, _ snapshot: TemplateSnapshot) -> String {
        let start = upgrade.start
        var text = "\(upgrade.id) \(snapshot.upgradeID(upgrade.id).uuidString.lowercased()): \(start.fromTemplate) to \(start.toTemplate)"
        if let version = start.targetKubernetesVersion { text += " (Kubernetes \(version))" }
        text += ", started \(TimeText.rfc3339(start.at.millisecondsSinceEpoch))"
        if let ended = ended(upgrade) { text += ", ended \(TimeText.rfc3339(ended.millisecondsSinceEpoch))" }
        return text
    }

    private static func json(_ upgrade: TemplateUpgrade, _ snapshot: TemplateSnapshot) -> String {
        let start = upgrade.start
        return JSONText.object([
            ("id", JSONText.quote(snapshot.upgradeID(upgrade.id).uuidString.lowercased())), ("upgradeId", JSONText.quote(upgrade.id)),
            ("fromTemplate", JSONText.quote(start.fromTemplate)), ("toTemplate", JSONText.quote(start.toTemplate)),
            ("targetKubernetesVersion", JSONText.quote(start.targetKubernetesVersion)),
            ("started", JSONText.time(start.at.millisecondsSinceEpoch)), ("ended", JSONText.time(ended(upgrade)?.millisecondsSinceEpoch)),
        ])
    }

    private static func ended(_ upgrade: TemplateUpgrade) -> TemplateInstant? {
        switch upgrade.outcome {
        case .inProgress: nil
        case .succeeded(let completion): completion.at
        case .failed(let failure): failure.at
        }
    }

    private static func text(_ machine: CAPIObject) -> String {
        "\(machine.qualifiedName) \(machine.phase ?? "-") \(machine.version ?? "-")"
    }

    private static func json(_ machine: CAPIObject) -> String {
        JSONText.object([("name", JSONText.quote(machine.qualifiedName)), ("phase", JSONText.quote(machine.phase)),
                         ("version", JSONText.quote(machine.version))])
    }
}
