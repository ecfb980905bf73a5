/// A snapshot of a rollout computed from the observed objects, for one upgrade.
struct TemplateRolloutView: Hashable, Sendable {
    /// Machines up to date and ready.
    let machinesUpdated: Int
    /// The larger of the live machines (old ones still count while they exist) and the sum of
    /// `spec.replicas` of control planes and MachineDeployments.
    let machinesTotal: Int
    /// Live machines that are not up to date and ready: those created during the upgrade first
    /// (a rollout waits on them: a stuck new machine is named before the old ones it would
    /// replace), then the machines that existed before, each group sorted by name.
    let waitingOn: [String]
    /// Control planes and MachineDeployments observed when the upgrade started whose
    /// `metadata.generation` has not moved since: Cluster API has not (yet) given them the
    /// change, so their machines are not up to date. As `Kind namespace/name`, sorted.
    let ownersAwaitingChange: [String]
    /// The deployment's Cluster object is available.
    let clusterAvailable: Bool
    /// No control plane or MachineDeployment reports a rollout still going.
    let ownersSettled: Bool
    /// Evidence that Cluster API is rolling (or has rolled) machines for this upgrade.
    let rolloutEvidence: Bool

    /// Every expected machine is up to date and ready, every live machine is too (so none is
    /// old or going away), every owner has taken the change and reports no rollout still going,
    /// and the cluster is available.
    var isComplete: Bool {
        machinesTotal > 0 && machinesUpdated >= machinesTotal && waitingOn.isEmpty
            && ownersAwaitingChange.isEmpty && ownersSettled && clusterAvailable
    }

    /// What judging an observation reads of the view.
    var figures: TemplateRolloutFigures {
        TemplateRolloutFigures(machinesUpdated: machinesUpdated, machinesTotal: machinesTotal, rolloutEvidence: rolloutEvidence, isComplete: isComplete)
    }

    /// The view of `state` for the upgrade that started with `start`.
    ///
    /// An owner that has not taken the change holds its machines back, old and new alike (a
    /// machine it creates before it took the change is built from the old spec): a change with
    /// no target Kubernetes version gives no other sign that its machines are out of date
    /// before the owner reacts. With `acceptingUntouchedOwners` (the no-progress deadline has
    /// passed), such owners are taken to be ones the change does not touch, and their machines
    /// are judged as if they had.
    init(state: TemplateUpgradeState, start: TemplateUpgradeStart, acceptingUntouchedOwners: Bool = false) {
        let baseline = Set(start.baselineMachineUIDs)
        let machines = state.machines
        let owners = state.objects.values.filter(\.ownsMachineReplicas)
            .sorted { ($0.namespace, $0.name, $0.uid) < ($1.namespace, $1.name, $1.uid) }
        let awaiting = acceptingUntouchedOwners ? [] : owners.filter { start.isAwaitingChange($0) }
        let awaitingUIDs = Set(awaiting.map(\.uid))
        var updated = 0
        var waitingNew: [String] = []
        var waitingOld: [String] = []
        var notUpToDate = false
        for machine in machines {
            let owner = Self.owner(of: machine, among: owners)
            let judged = machine.isUpToDateMachine(for: start, baseline: baseline, owner: owner)
            if !judged { notUpToDate = true }
            let upToDate = judged && !(owner.map { awaitingUIDs.contains($0.uid) } ?? false)
            if upToDate && machine.isReadyMachine {
                updated += 1
            } else if baseline.contains(machine.uid) {
                waitingOld.append(machine.qualifiedName)
            } else {
                waitingNew.append(machine.qualifiedName)
            }
        }
        // Clamped and saturating: a store written before replica counts were bounded may hold
        // any Int, and folding it must not trap.
        let expected = owners.reduce(0) { total, owner in
            let (sum, overflow) = total.addingReportingOverflow(owner.replicas.desiredMachines)
            return overflow ? Int.max : sum
        }
        let liveUIDs = Set(machines.map(\.uid))
        let clusterName = state.deployment?.clusterName
        machinesTotal = max(expected, machines.count)
        machinesUpdated = updated
        waitingOn = waitingNew + waitingOld
        ownersAwaitingChange = awaiting.map { "\($0.kind.name) \($0.qualifiedName)" }
        clusterAvailable = state.objects.values.contains {
            $0.kind == .cluster && $0.name == clusterName && $0.isAvailableCluster
        }
        ownersSettled = !owners.contains(where: \.reportsRollout)
        // New machines only count as evidence when the machines before the upgrade were known:
        // the shell must fold the watch's initial list before it sends `changeDeployment`.
        rolloutEvidence = notUpToDate
            || (!baseline.isEmpty && machines.contains { !baseline.contains($0.uid) })
            || !baseline.isSubset(of: liveUIDs)
            || owners.contains(where: \.reportsRollout)
            || owners.contains { start.hasTakenChange($0) }
    }

    /// The owner of `machine`: the control plane for a control plane machine, else the
    /// MachineDeployment named by its `deployment-name` label (same namespace).
    private static func owner(of machine: CAPIObject, among owners: [CAPIObject]) -> CAPIObject? {
        owners.first { owner in
            guard owner.namespace == machine.namespace else { return false }
            if machine.isControlPlaneMachine {
                if case .controlPlane = owner.kind { return true }
                return false
            }
            return owner.kind == .machineDeployment && owner.name == machine.deploymentName
        }
    }
}
