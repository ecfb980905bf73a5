import Engine
import UpgradeDomain

/// A cluster's state as `GET /v1/clusters/{id}` shows it, with node-by-node progress.
struct ClusterView: Encodable, Sendable {
    struct Node: Encodable, Sendable {
        var node: String
        var pool: String
        var role: String
        /// `waiting`, `running`, `between-steps`, `finished`, `failed`.
        var phase: String
        var steps: [String]
        /// The step running, next, or failed.
        var step: String?
        var attempt: Int?
        var deadlineMs: Int64?
        /// When the agent reported it began the running step; absent until then.
        var startedAtMs: Int64?
        var cordoned: Bool
    }

    /// A skipped Kubernetes minor let through on purpose: from, to, by whom and why.
    struct ForcedSkip: Encodable, Sendable {
        var from: String
        var to: String
        var by: String
        var reason: String
    }

    struct Upgrade: Encodable, Sendable {
        var number: Int
        var target: String
        var behavior: String
        /// `not-required`, `pending`, `approved`, `denied`.
        var approval: String
        var approvedBy: String?
        var pausedBy: String?
        /// Present when the upgrade skips a Kubernetes minor version because it was forced.
        var forcedMinorSkip: ForcedSkip?
        var nodesFinished: Int
        var nodes: [Node]
        /// What the plan warns of, in words (a control plane without quorum tolerance, a pool that
        /// contracts before it replaces, …), for whoever approves or watches the rollout.
        var notes: [String]
    }

    /// How the last upgrade ended when it did not succeed: who or what stopped it, and where.
    struct Ending: Encodable, Sendable {
        var upgrade: Int
        var target: String
        var atMs: Int64
        /// The failed upgrade's node, step, tries and error.
        var node: String?
        var step: String?
        var attempts: Int?
        var error: String?
        /// The cancelled upgrade's reason (`repave-denied`, `operator-request`), by whom and why.
        var reason: String?
        var by: String?
        var comment: String?
    }

    /// The last upgrade that failed, named for as long as it is why the cluster stands where it
    /// does (ADR 0024): from the failure until a later upgrade begins work on the nodes (requests
    /// its first step) or fails. So also while the upgrade queued behind it is held after the
    /// failure (`paused`), awaits approval or is deferred, and after such an upgrade ends without
    /// a step requested (cancelled, or a success with nothing for the nodes to do).
    struct Failure: Encodable, Sendable {
        var upgrade: Int
        /// The upgrade's id: the correlation id of its events, what the audit's `upgrade` takes.
        var upgradeId: String
        var target: String
        var atMs: Int64
        var node: String
        var step: String
        var attempts: Int
        var error: String
    }

    var id: String
    var kind: String
    var profile: String
    var kubernetesVersion: String?
    var clusterStatus: String
    var kubernetesHealth: String
    /// `idle`, `awaiting-approval`, `deferred`, `in-progress`, `paused`, `succeeded`, `failed`, `cancelled`.
    var status: String
    var upgrade: Upgrade?
    var queuedTarget: String?
    var requestedActions: [NodeActionView]
    var lastOutcome: String?
    /// The last upgrade's failure or cancellation, while it is the cluster's status.
    var ended: Ending?
    /// The last failed upgrade, until a later upgrade begins or fails (see `Failure`).
    var lastFailure: Failure?
    /// Nodes a failed or cancelled upgrade left cordoned (the next upgrade uncordons them first).
    var nodesLeftCordoned: [String]
    /// Nodes a failed or cancelled upgrade removed from the cluster without a replacement (the next
    /// upgrade replaces them first).
    var nodesLeftRemoved: [String]
    /// Nodes a failed or cancelled upgrade left with a surged replacement up beside them, the node
    /// not removed: a machine more than desired each, on a spare host (the next upgrade removes the
    /// node first; the replacement keeps its id).
    var nodesLeftWithReplacement: [String]
    /// Nodes whose removal a failed or cancelled upgrade requested and never had answered: in the
    /// cluster (cordoned, drained) or out of it (the next upgrade removes them again first).
    var nodesLeftRemovalUnknown: [String]
    /// Nodes whose replacement a failed or cancelled upgrade requested and never had answered: a
    /// machine may have come up for each, beside the node or in its slot (the next upgrade asks for
    /// the replacement again first; the agent provisions none when one is up).
    var nodesLeftReplacementUnknown: [String]

    init(_ cluster: Cluster, _ state: ClusterUpgradeState) {
        id = cluster.id.rawValue
        kind = cluster.kind.rawValue
        profile = cluster.profile.description
        kubernetesVersion = cluster.kubernetesVersion
        clusterStatus = cluster.status.rawValue
        kubernetesHealth = cluster.kubernetesHealth.rawValue
        status = Self.name(state.status)
        queuedTarget = state.queued?.target.description
        requestedActions = state.requestedNodeActions.map(NodeActionView.init)
        lastOutcome = state.lastOutcome.map(Self.name)
        upgrade = state.active.map(Self.upgrade)
        nodesLeftCordoned = state.nodesLeftCordoned.map(\.rawValue)
        nodesLeftRemoved = state.nodesLeftRemoved.map(\.rawValue)
        nodesLeftWithReplacement = state.nodesLeftWithReplacement.map(\.rawValue)
        nodesLeftRemovalUnknown = state.nodesLeftRemovalUnknown.map(\.rawValue)
        nodesLeftReplacementUnknown = state.nodesLeftReplacementUnknown.map(\.rawValue)
        lastFailure = Self.lastFailure(of: cluster, state)
        switch state.status {
        case .failed(let failure):
            ended = Ending(upgrade: failure.upgrade, target: failure.target.description, atMs: failure.at.millisecondsSinceEpoch,
                           node: failure.node.rawValue, step: failure.step.rawValue, attempts: failure.attempts, error: failure.error.description)
        case .cancelled(let cancellation):
            ended = Ending(upgrade: cancellation.upgrade, target: cancellation.target.description, atMs: cancellation.by.at.millisecondsSinceEpoch,
                           reason: cancellation.reason.name,
                           by: cancellation.by.actor, comment: cancellation.by.comment)
        default:
            ended = nil
        }
    }

    /// The last failure while no upgrade after it has begun work on the nodes (ADR 0024).
    static func lastFailure(of cluster: Cluster, _ state: ClusterUpgradeState) -> Failure? {
        guard let failure = state.lastFailure, state.active?.hasBegun != true else { return nil }
        return Failure(upgrade: failure.upgrade,
                       upgradeId: StableID.upgrade(cluster: cluster.id.rawValue, number: failure.upgrade).uuidString.lowercased(),
                       target: failure.target.description, atMs: failure.at.millisecondsSinceEpoch,
                       node: failure.node.rawValue, step: failure.step.rawValue, attempts: failure.attempts,
                       error: failure.error.description)
    }

    static func upgrade(_ active: ActiveUpgrade) -> Upgrade {
        let nodes = active.orderedProgress.map { entry in
            let (plan, progress) = entry
            var node = Node(node: plan.node.rawValue, pool: plan.pool.rawValue, role: plan.role.rawValue, phase: "waiting",
                            steps: plan.steps.map(\.rawValue), cordoned: progress.cordoned)
            switch progress.phase {
            case .waiting: break
            case .betweenSteps(let next, let attempt):
                node.phase = "between-steps"
                node.step = plan.steps.indices.contains(next) ? plan.steps[next].rawValue : nil
                node.attempt = attempt
            case .running(let request):
                node.phase = "running"
                node.step = request.step.rawValue
                node.attempt = request.attempt
                node.deadlineMs = request.deadline.millisecondsSinceEpoch
                node.startedAtMs = request.startedAt?.millisecondsSinceEpoch
            case .finished: node.phase = "finished"
            case .failed(let step):
                node.phase = "failed"
                node.step = step.rawValue
            }
            return node
        }
        var approval = "not-required", approvedBy: String?
        switch active.approval {
        case .notRequired: break
        case .pending: approval = "pending"
        case .approved(let decision): approval = "approved"; approvedBy = decision.actor
        case .denied(let decision): approval = "denied"; approvedBy = decision.actor
        }
        return Upgrade(number: active.number, target: active.accepted.change.target.description,
                       behavior: active.plan.behavior.rawValue, approval: approval, approvedBy: approvedBy,
                       pausedBy: active.paused?.actor,
                       forcedMinorSkip: active.accepted.forcedMinorSkip.map {
                           ForcedSkip(from: $0.from, to: $0.to, by: $0.override.actor, reason: $0.override.reason)
                       },
                       nodesFinished: nodes.filter { $0.phase == "finished" }.count, nodes: nodes,
                       notes: active.plan.notes.map(PlanNoteText.describe))
    }

    static func name(_ status: UpgradeStatus) -> String { status.kind.rawValue }

    static func name(_ outcome: UpgradeOutcome) -> String {
        switch outcome {
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .cancelled: "cancelled"
        }
    }
}
