/// How single objects are judged for upgrade progress.
extension CAPIObject {
    /// True when the object is going away (`deletionTimestamp` set or phase `Deleting`).
    var isGoingAway: Bool {
        isBeingDeleted || phase == "Deleting" || phase == "Deleted"
    }

    /// A condition of the object's own vocabulary, else of the other one.
    func preferredCondition(_ type: String) -> CAPICondition? {
        let primary = apiVersion.primaryConditionFlavor
        return condition(type, flavor: primary)
            ?? condition(type, flavor: primary == .v1beta1 ? .v1beta2 : .v1beta1)
    }

    /// A Machine is ready when it is not going away and its `Ready` condition is True.
    var isReadyMachine: Bool {
        !isGoingAway && preferredCondition("Ready")?.status == .true
    }

    /// Whether a Machine is up to date for the upgrade that started with `start`.
    ///
    /// 1. When the target Kubernetes version is known and the Machine has a `spec.version`, they
    ///    must match (``version(_:matches:)``): the same release, and the same revision of the
    ///    distribution when both name one (ADR 0023), so `v1.31.4+rke2r1` does not match
    ///    `v1.31.4+rke2r2` while `v1.32.4+k0s.0` matches `v1.32.4`. This also catches a
    ///    controller that has not yet seen the new spec and still reports the old machines up to
    ///    date.
    /// 2. A v1beta2 `UpToDate` condition (v1beta2 `status.conditions`, or v1beta1
    ///    `status.v1beta2.conditions` since Cluster API 1.9) that is not True means not up to date.
    /// 3. A Machine created during the upgrade (not among the machines observed when it started)
    ///    is up to date: templates roll machines by replacement (the seed's assumption).
    /// 4. A Machine that existed before the upgrade is up to date only while its owner (the
    ///    control plane for control plane machines, the MachineDeployment named by the
    ///    `cluster.x-k8s.io/deployment-name` label for workers) reports every replica updated
    ///    and no rollout (``reportsAllReplicasUpdated``). This covers owners the change does not
    ///    touch. Without an observed owner, a True `UpToDate` condition is trusted; a v1beta1
    ///    Machine without one is not up to date.
    ///
    /// The decider only declares success after it has seen rollout evidence, so the moment
    /// before the controllers react to the new template cannot pass for success.
    func isUpToDateMachine(for start: TemplateUpgradeStart, baseline: Set<String>, owner: CAPIObject?) -> Bool {
        switch standing(for: start, baseline: baseline) {
        case .outOfDate: false
        case .replacement: true
        case .baselineMarkedUpToDate: owner?.reportsAllReplicasUpdated ?? true
        case .baselineUnmarked: owner?.reportsAllReplicasUpdated ?? false
        }
    }

    /// Steps 1 to 3 of ``isUpToDateMachine(for:baseline:owner:)``: what the Machine says of itself,
    /// before its owner is asked (step 4).
    func standing(for start: TemplateUpgradeStart, baseline: Set<String>) -> TemplateRolloutTally.Standing {
        if let target = start.targetKubernetesVersion, let version, !Self.version(version, matches: target) {
            return .outOfDate
        }
        let upToDate = condition("UpToDate", flavor: .v1beta2)
        if let upToDate, upToDate.status != .true { return .outOfDate }
        if !baseline.contains(uid) { return .replacement }
        return upToDate != nil ? .baselineMarkedUpToDate : .baselineUnmarked
    }

    /// Whether a Machine's `spec.version` is the target Kubernetes version.
    ///
    /// Read as Kubernetes versions (``K8sVersion``), they must be the same release (major, minor,
    /// patch, pre-release; a leading `v` or not) and, when both name a distribution's revision
    /// (`+rke2rN`, `+k3sN`, or the image tag spelling `-rke2rN`), the same one: `v1.31.4+rke2r1`
    /// is not `v1.31.4+rke2r2` (a new RKE2 release, new binaries) nor `v1.31.4+k3s1`, but is
    /// `v1.31.4-rke2r1`. Other build metadata does not count (`v1.32.4+k0s.0` matches
    /// `v1.32.4`), and neither does a revision only one side names (`v1.31.4+rke2r1` matches
    /// `v1.31.4`): a provider may spell the target without its build. A version that does not
    /// parse is compared as text without a leading `v` and without `+build` metadata.
    static func version(_ version: String, matches target: String) -> Bool {
        guard let machine = try? K8sVersion(parsing: version), let wanted = try? K8sVersion(parsing: target) else {
            return normalizedVersion(version) == normalizedVersion(target)
        }
        guard machine.isSameRelease(as: wanted) else { return false }
        guard let have = machine.revision, let want = wanted.revision else { return true }
        return have == want
    }

    /// A version without a leading `v` and without `+build` metadata.
    static func normalizedVersion(_ version: String) -> Substring {
        let trimmed = version.hasPrefix("v") ? version.dropFirst() : Substring(version)
        return trimmed.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).first ?? trimmed
    }

    /// True when an owner of machines reports every desired replica updated and no rollout.
    var reportsAllReplicasUpdated: Bool {
        guard let desired = replicas.desired, let updated = replicas.upToDate ?? replicas.updated else {
            return false
        }
        return updated >= desired && !reportsRollout
    }

    /// A Cluster is available when its v1beta2 `Available` condition is True; a v1beta1
    /// Cluster without v1beta2 conditions needs `Ready` True and, if a phase is set, `Provisioned`.
    var isAvailableCluster: Bool {
        if let available = condition("Available", flavor: .v1beta2) {
            return available.status == .true
        }
        let phaseOK = phase == nil || phase == "Provisioned"
        return phaseOK && condition("Ready", flavor: .v1beta1)?.status == .true
    }

    /// True when an owner of machines reports that it is rolling them out, or its controller
    /// has not yet observed its latest spec (`status.observedGeneration` < `metadata.generation`).
    var reportsRollout: Bool {
        if let generation, let observedGeneration, observedGeneration < generation { return true }
        if condition("RollingOut", flavor: .v1beta2)?.status == .true { return true }
        if condition("MachinesSpecUpToDate", flavor: .v1beta1)?.status == .false { return true }
        if let desired = replicas.desired {
            if let upToDate = replicas.upToDate, upToDate < desired { return true }
            if let updated = replicas.updated, updated < desired { return true }
        }
        return false
    }

    /// True for the objects whose `spec.replicas` count machines: control planes and
    /// MachineDeployments.
    var ownsMachineReplicas: Bool {
        switch kind {
        case .controlPlane, .machineDeployment: true
        default: false
        }
    }
}
