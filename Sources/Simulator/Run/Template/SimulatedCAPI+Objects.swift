import UpgradeDomain

/// The v1beta2 objects of a simulated cluster as the watch shows them.
extension SimulatedCAPI {
    private struct Counts: Equatable {
        var current = 0, ready = 0, upToDate = 0
    }

    private func counts(_ role: SimulatedMachine.Role) -> Counts {
        let revision = self.revision(role)
        var counts = Counts()
        for machine in machines where machine.role == role {
            counts.current += 1
            if machine.phase == .running { counts.ready += 1 }
            if machine.revision == revision && machine.phase != .deleting { counts.upToDate += 1 }
        }
        return counts
    }

    private func rollingOut(_ role: SimulatedMachine.Role) -> Bool {
        let revision = self.revision(role)
        return machines.contains { $0.role == role && $0.revision != revision }
    }

    private static func condition(_ type: String, _ status: Bool, _ whenTrue: String, _ whenFalse: String) -> CAPICondition {
        CAPICondition(type: type, status: status ? .true : .false, reason: status ? whenTrue : whenFalse, flavor: .v1beta2)
    }

    /// The Cluster, the control plane and the MachineDeployment, each when its status changed
    /// since it was last shown (all of them the first time).
    mutating func ownerEvents(type: (CAPIObject) -> CAPIWatchEvent = CAPIWatchEvent.modified) -> [CAPIWatchEvent] {
        let cp = counts(.controlPlane), md = counts(.worker)
        let cpRolling = rollingOut(.controlPlane), mdRolling = rollingOut(.worker)
        var events: [CAPIWatchEvent] = []
        let clusterStatus = "\(cpRolling)|\(mdRolling)|\(apiReachable)"
        if emittedStatus["Cluster"] != clusterStatus {
            emittedStatus["Cluster"] = clusterStatus
            events.append(type(clusterObject(controlPlaneRolling: cpRolling, workersRolling: mdRolling)))
        }
        let cpStatus = "\(controlPlaneGeneration)|\(cp)|\(cpRolling)"
        if emittedStatus["ControlPlane"] != cpStatus {
            emittedStatus["ControlPlane"] = cpStatus
            events.append(type(ownerObject(
                kind: .controlPlane("KubeadmControlPlane"), name: "\(cluster)-cp", desired: controlPlaneReplicas,
                generation: controlPlaneGeneration, version: controlPlaneVersion, counts: cp, rolling: cpRolling)))
        }
        if workerReplicas > 0 {
            let mdStatus = "\(machineDeploymentGeneration)|\(md)|\(mdRolling)"
            if emittedStatus["MachineDeployment"] != mdStatus {
                emittedStatus["MachineDeployment"] = mdStatus
                events.append(type(ownerObject(
                    kind: .machineDeployment, name: "\(cluster)-md", desired: workerReplicas,
                    generation: machineDeploymentGeneration, version: nil, counts: md, rolling: mdRolling)))
            }
        }
        return events
    }

    private mutating func clusterObject(controlPlaneRolling: Bool, workersRolling: Bool) -> CAPIObject {
        let rolling = controlPlaneRolling || workersRolling
        return CAPIObject(
            kind: .cluster, apiVersion: .v1beta2, uid: Self.uid("\(cluster)/Cluster/\(cluster)"),
            resourceVersion: nextResourceVersion(), name: cluster, namespace: namespace, clusterName: cluster,
            generation: 3, observedGeneration: 3, creationTimestamp: Self.timestamp(createdAt), phase: "Provisioned",
            conditions: [
                // Without an answer from the workload cluster's API (RemoteConnectionProbe) the Cluster is not available.
                Self.condition("Available", apiReachable, "Available", "NotAvailable"),
                Self.condition("ControlPlaneAvailable", true, "Available", "NotAvailable"),
                Self.condition("WorkersAvailable", true, "Available", "NotAvailable"),
                Self.condition("ControlPlaneMachinesUpToDate", !controlPlaneRolling, "UpToDate", "NotUpToDate"),
                Self.condition("WorkerMachinesUpToDate", !workersRolling, "UpToDate", "NotUpToDate"),
                Self.condition("RemoteConnectionProbe", apiReachable, "ProbeSucceeded", "ProbeFailed"),
                Self.condition("RollingOut", rolling, "RollingOut", "NotRollingOut"),
            ])
    }

    private mutating func ownerObject(
        kind: CAPIObjectKind, name: String, desired: Int, generation: Int, version: String?, counts: Counts, rolling: Bool
    ) -> CAPIObject {
        CAPIObject(
            kind: kind, apiVersion: .v1beta2, uid: Self.uid("\(cluster)/\(kind.name)/\(name)"),
            resourceVersion: nextResourceVersion(), name: name, namespace: namespace, clusterName: cluster,
            owners: ["Cluster/\(cluster)"], generation: generation, observedGeneration: generation,
            creationTimestamp: Self.timestamp(createdAt), phase: kind == .machineDeployment ? "Running" : nil, version: version,
            conditions: [
                Self.condition("Available", true, "Available", "NotAvailable"),
                Self.condition("MachinesReady", counts.ready == counts.current, "Ready", "NotReady"),
                Self.condition("MachinesUpToDate", counts.upToDate == counts.current, "UpToDate", "NotUpToDate"),
                Self.condition("RollingOut", rolling, "RollingOut", "NotRollingOut"),
            ],
            replicas: CAPIReplicaCounts(
                desired: desired, current: counts.current, ready: counts.ready, available: counts.ready,
                upToDate: counts.upToDate, updated: counts.upToDate))
    }

    /// A Machine as its controller reports it.
    mutating func machineObject(_ machine: SimulatedMachine) -> CAPIObject {
        let upToDate = machine.revision == revision(machine.role)
        let running = machine.phase == .running
        let deleting = machine.phase == .deleting
        let infrastructure = running || machine.phase == .provisioned || deleting
        return CAPIObject(
            kind: .machine, apiVersion: .v1beta2, uid: machine.uid, resourceVersion: nextResourceVersion(),
            name: machine.name, namespace: namespace, clusterName: cluster,
            isControlPlaneMachine: machine.role == .controlPlane,
            deploymentName: machine.role == .worker ? "\(cluster)-md" : nil,
            owners: machine.role == .controlPlane ? ["KubeadmControlPlane/\(cluster)-cp"] : ["MachineSet/\(machine.setName ?? "")"],
            generation: 2, observedGeneration: 2, creationTimestamp: machine.creationTimestamp, isBeingDeleted: deleting,
            phase: machine.phase.rawValue, version: machine.version,
            conditions: [
                Self.condition("Available", running, "Available", "NotAvailable"),
                Self.condition("Ready", running, "Ready", "NotReady"),
                Self.condition("UpToDate", upToDate && !deleting, "UpToDate", "NotUpToDate"),
                Self.condition("BootstrapConfigReady", true, "Ready", "NotReady"),
                Self.condition("InfrastructureReady", infrastructure, "Ready", "NotReady"),
                Self.condition("NodeReady", running, "NodeReady", deleting ? "NodeDeleting" : "NodeDoesNotExist"),
                Self.condition("Deleting", deleting, "DrainingNode", "NotDeleting"),
            ])
    }
}
