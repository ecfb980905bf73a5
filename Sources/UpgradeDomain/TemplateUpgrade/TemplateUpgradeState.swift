/// Everything the decider knows about one template-based deployment; rebuilt by folding events.
public struct TemplateUpgradeState: Hashable, Sendable {
    /// The tracked deployment (template and variables are the latest requested), or `nil`
    /// before registration.
    public internal(set) var deployment: TemplateDeployment?
    /// Live Cluster API objects of the deployment's cluster, by `metadata.uid`.
    public internal(set) var objects: [String: CAPIObject]
    /// Last resource version seen per uid (kept after deletion), for de-duplication.
    var lastResourceVersions: [String: String]
    /// UIDs whose DELETED event was folded.
    var deletedUIDs: Set<String>
    /// The latest upgrade (in progress or finished), or `nil` when none has started.
    public internal(set) var upgrade: TemplateUpgrade?
    /// Every upgrade id an upgrade of this deployment started with, and that upgrade's target
    /// template: an id names one upgrade, so a change that reuses one is refused.
    var startedUpgradeIds: [String: String]
    /// The rollout counts of the upgrade in progress (nil when none is), kept as objects are
    /// observed so that judging one costs the same whatever the cluster's size. Derived from
    /// `objects` and `upgrade`, so it takes no part in equality or hashing.
    var rollout: TemplateRolloutTally? = nil

    /// The explicit initial state: nothing registered, nothing observed.
    public static let initial = TemplateUpgradeState(
        deployment: nil, objects: [:], lastResourceVersions: [:], deletedUIDs: [], upgrade: nil, startedUpgradeIds: [:])

    public static func == (lhs: TemplateUpgradeState, rhs: TemplateUpgradeState) -> Bool {
        lhs.deployment == rhs.deployment && lhs.objects == rhs.objects && lhs.lastResourceVersions == rhs.lastResourceVersions
            && lhs.deletedUIDs == rhs.deletedUIDs && lhs.upgrade == rhs.upgrade && lhs.startedUpgradeIds == rhs.startedUpgradeIds
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(deployment)
        hasher.combine(objects)
        hasher.combine(lastResourceVersions)
        hasher.combine(deletedUIDs)
        hasher.combine(upgrade)
        hasher.combine(startedUpgradeIds)
    }

    /// The status for the operator.
    public var status: TemplateUpgradeStatus {
        guard let upgrade else { return .notUpgrading }
        switch upgrade.outcome {
        case .inProgress: return .inProgress(upgrade.progress)
        case .succeeded(let completion): return .successful(completion)
        case .failed(let failure): return .failed(failure)
        }
    }

    /// Live Machines, sorted by namespace and name.
    public var machines: [CAPIObject] {
        objects.values.filter { $0.kind == .machine }
            .sorted { ($0.namespace, $0.name, $0.uid) < ($1.namespace, $1.name, $1.uid) }
    }

    /// True once an object of the deployment's cluster was observed (even one deleted since): the
    /// machines and owners known now can stand as an upgrade's baseline.
    var hasObservedClusterAPI: Bool { !lastResourceVersions.isEmpty }

    /// `metadata.generation` of every observed control plane and MachineDeployment, by uid.
    var ownerGenerations: [String: Int] {
        var generations: [String: Int] = [:]
        for object in objects.values where object.ownsMachineReplicas {
            if let generation = object.generation { generations[object.uid] = generation }
        }
        return generations
    }

    /// True when folding `event` would add nothing true: this exact observation (uid and
    /// resource version, same presence) was folded, the uid was already reported DELETED, or the
    /// event is older than the one folded last for its uid.
    /// Kubernetes never reuses a uid and a deleted object cannot change again, so any later
    /// event for it is a late or re-delivered one, whatever its resourceVersion.
    ///
    /// Older: both resource versions are decimal integers and this one is lower. The API server
    /// gives an object a higher one with every change (etcd's revision; a restore bumps it, so
    /// that watches never see one go back), so a lower one is a state the object has left, sent
    /// late by a second watch or a restarted one; folding it would put the object back, and a
    /// failure it showed then would fail an upgrade that has moved past it. A DELETED event is
    /// applied whatever its version: the object is gone.
    func isStale(_ event: CAPIWatchEvent) -> Bool {
        guard let object = event.object else { return false }
        if deletedUIDs.contains(object.uid) { return true }
        guard !event.isDeletion, let last = lastResourceVersions[object.uid] else { return false }
        if last == object.resourceVersion { return true }
        if let lastNumber = UInt64(last), let number = UInt64(object.resourceVersion) { return number < lastNumber }
        return false
    }
}
