/// The counts behind ``TemplateRolloutView`` for the upgrade in progress, kept up to date as the
/// observed objects change, so that judging one watch event costs the same whether the cluster
/// has 7 machines or 20,000 (the full view sorts and judges every machine, which made a watch of
/// N events cost N × machines).
///
/// Derived from the state's `objects` and the upgrade's start, and nothing else: the state keeps
/// one while an upgrade is in progress (built when it starts, dropped when it ends) and it never
/// takes part in the state's equality. ``figures(in:)`` gives exactly what the full view gives
/// for the same state (`TemplateRolloutTallyTests` checks that on arbitrary streams).
///
/// Machines are grouped by the owner that judges them (``OwnerKey``: the control plane of their
/// namespace, or the MachineDeployment their `deployment-name` label names), and counted in each
/// group by how they judge without their owner (``Standing``) and whether they are ready. An
/// owner's change then re-judges its group from those counts in one step, not machine by machine.
struct TemplateRolloutTally: Sendable {
    /// Which owner judges a machine: the first control plane of its namespace for a control plane
    /// machine, else the MachineDeployment of its namespace named by its `deployment-name` label
    /// (none without the label).
    enum OwnerKey: Hashable, Sendable {
        case controlPlane(namespace: String)
        case machineDeployment(namespace: String, name: String?)

        init(machine: CAPIObject) {
            self = machine.isControlPlaneMachine
                ? .controlPlane(namespace: machine.namespace)
                : .machineDeployment(namespace: machine.namespace, name: machine.deploymentName)
        }

        /// The key whose machines `owner` may judge, if it owns machines.
        init?(owner: CAPIObject) {
            switch owner.kind {
            case .controlPlane: self = .controlPlane(namespace: owner.namespace)
            case .machineDeployment: self = .machineDeployment(namespace: owner.namespace, name: owner.name)
            default: return nil
            }
        }

        func matches(_ owner: CAPIObject) -> Bool {
            switch self {
            case .controlPlane(let namespace):
                if case .controlPlane = owner.kind { return owner.namespace == namespace }
                return false
            case .machineDeployment(let namespace, let name):
                return owner.kind == .machineDeployment && owner.namespace == namespace && owner.name == name
            }
        }
    }

    /// How a machine judges before its owner is asked (``CAPIObject/standing(for:baseline:)``).
    enum Standing: Int, CaseIterable, Sendable {
        /// Not up to date whatever its owner says (version or `UpToDate` condition).
        case outOfDate
        /// Created during the upgrade: up to date.
        case replacement
        /// Existed before, `UpToDate` True: up to date unless its owner says otherwise.
        case baselineMarkedUpToDate
        /// Existed before, no `UpToDate` condition: up to date only if its owner says so.
        case baselineUnmarked
    }

    /// What the owner of a group says of its machines.
    enum OwnerVerdict: Hashable, Sendable {
        case absent
        case present(reportsAllReplicasUpdated: Bool, awaitingChange: Bool)
    }

    /// The machines judged by one owner, counted by standing (all, and the ready ones).
    struct Group: Sendable {
        var owner: OwnerVerdict
        var machines = [0, 0, 0, 0]
        var ready = [0, 0, 0, 0]

        /// Machines up to date and ready, and machines not up to date (the owner's awaiting aside,
        /// as in the view's rollout evidence).
        var contribution: (updated: Int, notUpToDate: Int) {
            let outOfDate = machines[Standing.outOfDate.rawValue]
            let replacements = ready[Standing.replacement.rawValue]
            let marked = Standing.baselineMarkedUpToDate.rawValue, unmarked = Standing.baselineUnmarked.rawValue
            switch owner {
            case .absent:
                return (replacements + ready[marked], outOfDate + machines[unmarked])
            case .present(let allUpdated, let awaiting):
                let updated = awaiting ? 0 : replacements + (allUpdated ? ready[marked] + ready[unmarked] : 0)
                return (updated, outOfDate + (allUpdated ? 0 : machines[marked] + machines[unmarked]))
            }
        }
    }

    /// The start of the upgrade counted for.
    let start: TemplateUpgradeStart
    /// Its baseline machines, as a set.
    let baseline: Set<String>
    /// Uids of the observed control planes and MachineDeployments (``CAPIObject/ownsMachineReplicas``).
    private(set) var ownerUIDs: Set<String> = []
    /// Uids of the observed Cluster objects.
    private(set) var clusterUIDs: Set<String> = []
    private var groups: [OwnerKey: Group] = [:]
    /// Live machines.
    private(set) var machineCount = 0
    /// Live machines created during the upgrade (not in the baseline).
    private(set) var replacementCount = 0
    /// Live machines of the baseline.
    private(set) var liveBaselineCount = 0
    /// Live machines up to date and ready.
    private(set) var updatedCount = 0
    /// Live machines not up to date (owners awaiting the change aside).
    private(set) var notUpToDateCount = 0

    /// The counts for `start` over `objects`.
    init(start: TemplateUpgradeStart, objects: [String: CAPIObject]) {
        self.start = start
        baseline = Set(start.baselineMachineUIDs)
        for object in objects.values {
            if object.ownsMachineReplicas { ownerUIDs.insert(object.uid) }
            if object.kind == .cluster { clusterUIDs.insert(object.uid) }
        }
        for object in objects.values where object.kind == .machine { add(object, in: objects) }
    }

    /// Follows the object of one uid from `old` to `new` (nil: absent); `objects` already holds `new`.
    mutating func replace(_ old: CAPIObject?, with new: CAPIObject?, in objects: [String: CAPIObject]) {
        if let old, old.kind == .machine { remove(old) }
        var owners: [OwnerKey] = []
        if let old {
            ownerUIDs.remove(old.uid)
            clusterUIDs.remove(old.uid)
            if let key = OwnerKey(owner: old) { owners.append(key) }
        }
        if let new {
            if new.ownsMachineReplicas { ownerUIDs.insert(new.uid) }
            if new.kind == .cluster { clusterUIDs.insert(new.uid) }
            if let key = OwnerKey(owner: new), !owners.contains(key) { owners.append(key) }
        }
        for key in owners where groups[key] != nil {
            let verdict = verdict(for: key, in: objects)
            update(key) { $0.owner = verdict }
        }
        if let new, new.kind == .machine { add(new, in: objects) }
    }

    /// The observed control planes and MachineDeployments, in no particular order.
    func owners(in objects: [String: CAPIObject]) -> [CAPIObject] {
        ownerUIDs.compactMap { objects[$0] }
    }

    /// The view's figures for `state`, whose objects this tally follows.
    func figures(in state: TemplateUpgradeState) -> TemplateRolloutFigures {
        let owners = owners(in: state.objects)
        // Clamped and saturating, as the view's total.
        let expected = owners.reduce(0) { total, owner in
            let (sum, overflow) = total.addingReportingOverflow(owner.replicas.desiredMachines)
            return overflow ? Int.max : sum
        }
        let clusterName = state.deployment?.clusterName
        let clusterAvailable = clusterUIDs.contains { uid in
            guard let cluster = state.objects[uid] else { return false }
            return cluster.name == clusterName && cluster.isAvailableCluster
        }
        let rollingOut = owners.contains(where: \.reportsRollout)
        let total = max(expected, machineCount)
        let complete = total > 0 && updatedCount >= total && updatedCount == machineCount
            && !owners.contains { start.isAwaitingChange($0) } && !rollingOut && clusterAvailable
        let evidence = notUpToDateCount > 0
            || (!baseline.isEmpty && replacementCount > 0)
            || liveBaselineCount < baseline.count
            || rollingOut
            || owners.contains { start.hasTakenChange($0) }
        return TemplateRolloutFigures(machinesUpdated: updatedCount, machinesTotal: total, rolloutEvidence: evidence, isComplete: complete)
    }

    private mutating func add(_ machine: CAPIObject, in objects: [String: CAPIObject]) {
        let key = OwnerKey(machine: machine)
        if groups[key] == nil { groups[key] = Group(owner: verdict(for: key, in: objects)) }
        count(machine, key: key, by: 1)
    }

    private mutating func remove(_ machine: CAPIObject) {
        count(machine, key: OwnerKey(machine: machine), by: -1)
    }

    private mutating func count(_ machine: CAPIObject, key: OwnerKey, by step: Int) {
        let standing = machine.standing(for: start, baseline: baseline).rawValue
        let ready = machine.isReadyMachine
        update(key) { group in
            group.machines[standing] += step
            if ready { group.ready[standing] += step }
        }
        machineCount += step
        if baseline.contains(machine.uid) { liveBaselineCount += step } else { replacementCount += step }
    }

    /// Changes one group, and the totals by what its contribution changed.
    private mutating func update(_ key: OwnerKey, _ change: (inout Group) -> Void) {
        guard var group = groups.removeValue(forKey: key) else { return }
        let before = group.contribution
        change(&group)
        let after = group.contribution
        updatedCount += after.updated - before.updated
        notUpToDateCount += after.notUpToDate - before.notUpToDate
        groups[key] = group
    }

    /// What the owner of `key` says: the first matching owner in (namespace, name, uid) order, as
    /// the view picks it.
    private func verdict(for key: OwnerKey, in objects: [String: CAPIObject]) -> OwnerVerdict {
        var chosen: CAPIObject?
        for uid in ownerUIDs {
            guard let owner = objects[uid], key.matches(owner) else { continue }
            if let current = chosen, (current.namespace, current.name, current.uid) <= (owner.namespace, owner.name, owner.uid) { continue }
            chosen = owner
        }
        guard let chosen else { return .absent }
        return .present(reportsAllReplicasUpdated: chosen.reportsAllReplicasUpdated, awaitingChange: start.isAwaitingChange(chosen))
    }
}

/// What judging an observation needs of a rollout: the counts, rollout evidence, completion.
struct TemplateRolloutFigures: Hashable, Sendable {
    let machinesUpdated: Int
    let machinesTotal: Int
    let rolloutEvidence: Bool
    let isComplete: Bool
}
