import Engine
import UpgradeDomain

/// A what-if rollout: the fleet, the profile versions, the policy, how long steps take, what goes
/// wrong, and what operators do when. Documented in docs/scenarios.md (JSON Schema beside it).
public struct Scenario: Sendable {
    public var name: String
    public var description: String
    /// Virtual time zero, milliseconds since the epoch.
    public var startMs: Int64
    public var profiles: [ProfileVersion]
    /// Cluster templates for template-based (Cluster API) classes, with their declared upgrades.
    public var templates: [ScenarioTemplate] = []
    public var fleet: [ClusterClass]
    public var policy: RolloutPolicy
    public var durations: StepDurations
    public var faults: Faults
    public var timeline: [TimelineAction]
    /// The profile versions as published (packs' values as YAML text): a replay publishes them
    /// in its store before the fleet registers, so a service on that store knows them.
    public var published: [ProfileDocument] = []
}

/// `count` alike clusters: edge clusters on a profile, or template-based deployments
/// (`template` set) that Cluster API rolls.
public struct ClusterClass: Sendable {
    public var name: String
    public var count: Int
    public var infrastructure: String
    /// The profile of an edge class; nil for a template class.
    public var profile: ProfileReference?
    public var controlPlaneNodes: Int
    public var workerNodes: Int
    public var spareHosts: Int
    public var elemental: Bool
    public var workerBudget: RolloutBudget
    public var controlPlaneBudget: RolloutBudget
    /// Which wave this class starts in when waves are by class; nil: by percentage.
    public var wave: String?
    /// The template and variables of a template-based class; nil for an edge class.
    public var template: TemplateClassSettings? = nil
    /// An edge class's inventory status at registration (`provisioning`, `running`, `deleting`);
    /// the decider refuses profile changes unless it is `running`.
    public var status: ClusterStatus = .running

    public var isTemplate: Bool { template != nil }
}

public struct RolloutPolicy: Sendable {
    public struct Wave: Sendable { public var name: String; public var percent: Double }
    public enum Approval: Sendable {
        case automatic
        case afterDelay(Int64)
        case byActor(String, atMs: Int64)
        case never
    }
    /// Waves in order; each starts when the previous one has ended. Percentages of the assigned clusters.
    public var waves: [Wave]
    public var maxConcurrentClusters: Int
    /// The rollout halts (no new cluster starts) once this many clusters have failed.
    public var failureBudget: Int?
    public var failureBudgetPercent: Double?
    public var approval: Approval
    public var approver: String
    public var stepTimeoutMs: Int64
    public var maxRetries: Int
    public var windows: [MaintenanceWindow]
}

/// Each step kind's duration distribution.
public struct StepDurations: Sendable {
    public var byKind: [StepKind: DurationDistribution]

    public func distribution(for step: NodeStep) -> DurationDistribution {
        byKind[StepKind(step)] ?? .fixed(10_000)
    }
}

/// Groups of node steps that share a duration distribution in scenarios.
public enum StepKind: String, Sendable, CaseIterable, Hashable {
    case cordon, drain, reboot, repave, serviceRestart, configReload, nodeReady, uncordon, inPlaceUpdate
    /// Template clusters: a new Cluster API Machine from creation to Running and ready.
    case machineRollout

    init(_ step: NodeStep) {
        switch step {
        case .cordon: self = .cordon
        case .uncordon: self = .uncordon
        case .drain: self = .drain
        case .reboot: self = .reboot
        case .waitReady, .waitServicesHealthy: self = .nodeReady
        case .provisionReplacement, .removeNode: self = .repave
        case .restartServices: self = .serviceRestart
        case .reloadConfiguration: self = .configReload
        case .markInPlaceUpdatePending, .awaitInPlaceUpdateDone: self = .inPlaceUpdate
        }
    }
}

public struct Faults: Sendable {
    public struct Outage: Sendable {
        public var clusters: ClusterSelector
        public var atMs: Int64
        public var durationMs: Int64
    }
    public var nodeActionFailureProbability: Double
    /// Probability that an agent never answers a step (it then times out).
    public var silentStepProbability: Double
    public var outages: [Outage]
    /// Template clusters: probability that a new Machine never becomes ready.
    public var stuckMachineProbability: Double = 0
}

/// Which clusters an action or fault applies to.
public struct ClusterSelector: Sendable {
    public var classes: [String]
    /// Only the first N clusters of the selection (in id order); nil: all.
    public var first: Int?
    public var ids: [String]
}

public struct TimelineAction: Sendable {
    public enum Kind: Sendable {
        /// A profile version; `forceSkipMinor` lets a skipped Kubernetes minor through, signed by the action's actor.
        case assign(ProfileReference, forceSkipMinor: MinorSkipOverride? = nil)
        case changeTemplate(TemplateChangeRequest)
        /// The inventory reports the clusters' status, as `POST /v1/clusters/{id}/status` does.
        case status(ClusterStatus)
        case approve, deny, pause, resume, cancel
    }
    public var atMs: Int64
    public var kind: Kind
    public var clusters: ClusterSelector
    public var actor: String
    public var comment: String
}

/// A recurring window in which clusters may start upgrading: days of the week, local start and end.
public struct MaintenanceWindow: Sendable {
    public var days: Set<Int>  // 1 = Monday … 7 = Sunday
    public var startMinute: Int
    public var endMinute: Int
    public var timeZone: String
}
