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
    /// The deployment's Cluster object is available.
    let clusterAvailable: Bool
    /// No control plane or MachineDeployment reports a rollout still going.
    let ownersSettled: Bool
    /// Evidence that Cluster API is rolling (or has rolled) machines for this upgrade.
    let rolloutEvidence: Bool

    /// Every expected machine is up to date and ready, every live machine is too (so none is
    /// old or going away), no owner reports a rollout still going, and the cluster is available.
    var isComplete: Bool {
        machinesTotal > 0 && machinesUpdated >= machinesTotal && waitingOn.isEmpty
            && ownersSettled && clusterAvailable
    }

    init(state: TemplateUpgradeState, start: TemplateUpgradeStart) {
        let baseline = Set(start.baselineMachineUIDs)
        let machines = state.machines
        var updated = 0
        var waitingNew: [String] = []
        var waitingOld: [String] = []
        var notUpToDate = false
        let owners = state.objects.values.filter(\.ownsMachineReplicas)
            .sorted { ($0.namespace, $0.name, $0.uid) < ($1.namespace, $1.name, $1.uid) }
        for machine in machines {
            let owner = owners.first { owner in
                guard owner.namespace == machine.namespace else { return false }
                if machine.isControlPlaneMachine {
                    if case .controlPlane = owner.kind { return true }
                    return false
                }
                return owner.kind == .machineDeployment && owner.name == machine.deploymentName
            }
            let upToDate = machine.isUpToDateMachine(for: start, baseline: baseline, owner: owner)
            if !upToDate { notUpToDate = true }
            if upToDate && machine.isReadyMachine {
                updated += 1
            } else {
                if baseline.contains(machine.uid) {
                    waitingOld.append(machine.qualifiedName)
                } else {
                    waitingNew.append(machine.qualifiedName)
                }
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
    }
}
