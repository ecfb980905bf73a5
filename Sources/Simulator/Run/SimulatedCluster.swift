import UpgradeDomain

/// One cluster of the simulated fleet: its folded state and the rollout's bookkeeping.
struct SimulatedCluster {
    enum Rollout: Equatable {
        case idle
        case waiting(wave: Int)
        case running
        case finished
    }

    let id: String
    let classIndex: Int
    /// The actor node reports come from: `agent/<id>`.
    let agent: String
    var state: ClusterUpgradeState
    /// The edge profile (nil for a template cluster).
    var profile: ProfileReference?
    var rollout: Rollout = .idle
    var pendingChange: ProfileChange?
    var wave: Int?
    var behavior: Behavior?
    var startedAt: Int64?
    var endedAt: Int64?
    var approvalRequestedAt: Int64?
    var approvalWaitMs: Int64?
    var outcome: String?
    var failure: String?
    /// Scenario Kubernetes outages begun and not yet ended: overlapping ones keep the cluster down
    /// from the first one's start until the last one's end.
    var outagesUnderway = 0
    /// Nodes currently taken out of service, by pool.
    var unavailable = UnavailableNodes()
    /// Template clusters: the deployment's decider state and the simulated Cluster API.
    var template: TemplateUpgradeState?
    var capi: SimulatedCAPI?
    /// Template clusters: a Cluster API step came due while the cluster's Kubernetes API was down;
    /// it is taken when the API answers again.
    var capiStepHeld = false
    var pendingTemplateChange: TemplateChangeRequest?
    var pendingTemplateActor = "operator"
    var templateChanges = 0

    init(id: String, classIndex: Int, state: ClusterUpgradeState, profile: ProfileReference?) {
        self.id = id
        self.classIndex = classIndex
        self.agent = "agent/\(id)"
        self.state = state
        self.profile = profile
    }
}
