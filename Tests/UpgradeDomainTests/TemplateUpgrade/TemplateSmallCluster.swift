@testable import UpgradeDomain

/// A small v1beta2 cluster `small` in `kcm-system` built object by object, for rollouts the
/// recorded fixtures do not cover: a KubeadmControlPlane and a MachineDeployment (both at
/// generation 2 when listed), their machines, and the Cluster. Every call takes a resource
/// version, so a test states the order Kubernetes wrote things in.
enum TemplateSmallCluster {
    static let name = "small"
    static let namespace = "kcm-system"

    static let deployment = TemplateDeployment(
        clusterId: "small-1", clusterName: name, namespace: namespace, targetInfrastructure: "aws",
        template: "t-14", variables: .object(["worker": .object(["instanceType": .string("m6i.large")])]),
        noProgressDeadlineMilliseconds: 10 * 60_000)

    static func condition(_ type: String, _ status: Bool) -> CAPICondition {
        CAPICondition(type: type, status: status ? .true : .false, reason: status ? type : "Not\(type)", flavor: .v1beta2)
    }

    static func cluster(rv: String, available: Bool = true) -> CAPIObject {
        CAPIObject(kind: .cluster, apiVersion: .v1beta2, uid: "cluster", resourceVersion: rv, name: name,
                   namespace: namespace, clusterName: name, generation: 2, observedGeneration: 2,
                   conditions: [condition("Available", available)])
    }

    /// An owner of machines: generation `generation`, observed by its controller at `observed`.
    static func owner(
        _ kind: CAPIObjectKind, rv: String, desired: Int, upToDate: Int, generation: Int = 2, observed: Int? = nil,
        rolling: Bool = false
    ) -> CAPIObject {
        let isControlPlane = kind != .machineDeployment
        return CAPIObject(
            kind: kind, apiVersion: .v1beta2, uid: isControlPlane ? "kcp" : "md", resourceVersion: rv,
            name: isControlPlane ? "small-cp" : "small-md", namespace: namespace, clusterName: name,
            generation: generation, observedGeneration: observed ?? generation,
            conditions: [condition("RollingOut", rolling)],
            replicas: CAPIReplicaCounts(desired: desired, current: desired, ready: desired, available: desired, upToDate: upToDate))
    }

    static func controlPlane(rv: String, desired: Int = 1, upToDate: Int? = nil, generation: Int = 2, rolling: Bool = false) -> CAPIObject {
        owner(.controlPlane("KubeadmControlPlane"), rv: rv, desired: desired, upToDate: upToDate ?? desired,
              generation: generation, rolling: rolling)
    }

    static func machineDeployment(rv: String, desired: Int = 3, upToDate: Int? = nil, generation: Int = 2, rolling: Bool = false) -> CAPIObject {
        owner(.machineDeployment, rv: rv, desired: desired, upToDate: upToDate ?? desired, generation: generation, rolling: rolling)
    }

    /// A Machine on v1.31.9, Running and ready, reporting itself up to date unless told.
    static func machine(
        _ machineName: String, rv: String, controlPlane: Bool = false, upToDate: Bool = true, ready: Bool = true,
        deleting: Bool = false
    ) -> CAPIObject {
        CAPIObject(
            kind: .machine, apiVersion: .v1beta2, uid: "uid-\(machineName)", resourceVersion: rv, name: machineName,
            namespace: namespace, clusterName: name, isControlPlaneMachine: controlPlane,
            deploymentName: controlPlane ? nil : "small-md", isBeingDeleted: deleting,
            phase: deleting ? "Deleting" : ready ? "Running" : "Provisioning", version: "v1.31.9",
            conditions: [condition("Ready", ready && !deleting), condition("UpToDate", upToDate && !deleting)])
    }

    /// The watch's initial list: the Cluster, a control plane of `controlPlane` machines and (with
    /// workers) a MachineDeployment of `workers`, everything up to date.
    static func listed(controlPlane: Int = 1, workers: Int = 3) -> [CAPIWatchEvent] {
        var events: [CAPIWatchEvent] = [.added(cluster(rv: "100")), .added(self.controlPlane(rv: "101", desired: controlPlane))]
        if workers > 0 { events.append(.added(machineDeployment(rv: "102", desired: workers))) }
        events += (0..<controlPlane).map { .added(machine("small-cp-\($0)", rv: "11\($0)", controlPlane: true)) }
        events += (0..<workers).map { .added(machine("small-md-\($0)", rv: "12\($0)")) }
        return events
    }

    /// A harness with the deployment registered and the initial list observed.
    static func listedHarness(controlPlane: Int = 1, workers: Int = 3, deployment: TemplateDeployment = deployment) -> TemplateHarness {
        var harness = TemplateHarness(given: TemplateFixtures.registered(deployment))
        harness.observe(listed(controlPlane: controlPlane, workers: workers), from: TemplateFixtures.at(minutes: 1), stepMilliseconds: 1000)
        return harness
    }

    /// A change to `template` (and `variables`), without a target Kubernetes version.
    static func change(template: String = "t-15", variables: TemplateValue = deployment.variables, minutes: Int64 = 10) -> TemplateUpgradeCommand {
        .changeDeployment(TemplateDeploymentChange(
            upgradeId: "upg-small", template: template, variables: variables,
            targetKubernetesVersion: nil, at: TemplateFixtures.at(minutes: minutes)))
    }
}
