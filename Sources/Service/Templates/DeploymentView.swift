import UpgradeDomain

/// A template deployment as `GET /v1/deployments/{id}` shows it.
struct DeploymentView: Encodable, Sendable {
    struct Machine: Encodable, Sendable {
        var name: String
        var phase: String?
        var version: String?
    }

    var clusterId: String
    var template: String
    var targetInfrastructure: String
    /// `Not upgrading`, `Upgrade in Progress`, `Upgrade successful`, `Upgrade failed`.
    var status: String
    var detail: String
    var upgradeId: String?
    var machinesUpdated: Int?
    var machinesTotal: Int?
    /// The upgrade's template before the change, and when it started and ended (epoch ms).
    var fromTemplate: String?
    var startedAtMs: Int64?
    var endedAtMs: Int64?
    /// The upgrade's warnings (a single-node control plane can lose etcd quorum), in order.
    var warnings: [String]
    var telemetry: [String: String]?
    var machines: [Machine]

    init(_ deployment: TemplateDeployment, _ state: TemplateUpgradeState) {
        clusterId = deployment.clusterId
        template = deployment.template
        targetInfrastructure = deployment.targetInfrastructure
        status = state.status.label
        detail = state.status.detail
        upgradeId = state.upgrade?.id
        machinesUpdated = state.upgrade?.progress.machinesUpdated
        machinesTotal = state.upgrade?.progress.machinesTotal
        fromTemplate = state.upgrade?.start.fromTemplate
        startedAtMs = state.upgrade?.start.at.millisecondsSinceEpoch
        switch state.upgrade?.outcome {
        case .succeeded(let completion): endedAtMs = completion.at.millisecondsSinceEpoch
        case .failed(let failure): endedAtMs = failure.at.millisecondsSinceEpoch
        case .inProgress, nil: endedAtMs = nil
        }
        warnings = state.upgrade?.warnings.map(\.message) ?? []
        telemetry = state.upgrade?.telemetry.map { Dictionary(uniqueKeysWithValues: $0.fields.map { ($0.name, $0.value) }) }
        machines = state.machines.map { Machine(name: $0.name, phase: $0.phase, version: $0.version) }
    }
}

/// What a watch stream did.
struct WatchAnswer: Encodable, Sendable {
    var received: Int
    var observed: Int
    /// Events that recorded nothing: already recorded, a uid already deleted, BOOKMARK and ERROR,
    /// and those of `otherCluster`.
    var ignored: Int
    var events: Int
    var status: String
    var detail: String
    /// Of `ignored`, the events whose object belongs to another cluster or namespace than the
    /// deployment's (`cluster.x-k8s.io/cluster-name` label, else `spec.clusterName`).
    var otherCluster: Int = 0
    /// Says which cluster and namespace the deployment watches when `otherCluster` is not 0.
    var note: String?
    /// The first such object, for the note.
    var firstOtherCluster: String?

    private enum CodingKeys: String, CodingKey { case received, observed, ignored, events, status, detail, otherCluster, note }

    /// What the stream applied before it went wrong, for a 400's details.
    var counts: [String: String] {
        ["received": String(received), "observed": String(observed), "ignored": String(ignored), "events": String(events),
         "otherCluster": String(otherCluster)]
    }

    /// Why events of another cluster were ignored: the deployment's cluster and namespace, and
    /// the first object that did not match them.
    func otherClusterNote(for deployment: TemplateDeployment) -> String? {
        guard otherCluster > 0, let first = firstOtherCluster else { return nil }
        let watched = "cluster \(deployment.clusterName)" + (deployment.namespace.map { " in namespace \($0)" } ?? " (any namespace)")
        return "\(otherCluster) of the \(received) events were for objects of another cluster or namespace and were ignored (first: \(first)); "
            + "deployment \(deployment.clusterId) follows \(watched), as registered"
    }

    /// The 400's note on what stays recorded: nothing, or the events before the bad one.
    var appliedBefore: String {
        received == 0 ? "; nothing was applied" : "; the \(received) before it were applied and stay recorded"
    }
}
