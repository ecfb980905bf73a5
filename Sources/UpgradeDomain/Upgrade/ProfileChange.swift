/// A request to move a cluster to another profile version, with the classifier's verdict attached.
///
/// The classifier (elsewhere) diffs pack values and computes `behavior`; this decider trusts it.
public struct ProfileChange: Sendable, Hashable, Codable {
    /// The profile version to move to.
    public var target: ProfileReference
    /// How disruptive the change is, as classified.
    public var behavior: Behavior
    /// Services to restart when `behavior` is a service restart (e.g. `k3s`, `calico-node`).
    public var servicesToRestart: [String]
    /// Kubernetes version before/after, if the profile names one.
    public var kubernetesVersion: ValueTransition?
    /// CNI pack name before/after, if either version has a network layer (`nil` on a side without one).
    public var cniPack: ValueTransition?
    /// The Kubernetes distribution before/after, only when the two versions name different ones.
    public var distribution: ValueTransition?
    /// Packs the new version no longer has; they stay on the cluster as orphaned resources.
    public var droppedPacks: [String]
    /// The OS image/version changes: Elemental hosts then update in place instead of being replaced.
    public var changesOSVersion: Bool
    /// Set to skip a Kubernetes minor version on purpose; recorded in the accepted event.
    public var forceSkipMinor: MinorSkipOverride?
    /// Who asked for the change.
    public var requestedBy: String

    /// Creates a profile change.
    public init(
        target: ProfileReference,
        behavior: Behavior,
        servicesToRestart: [String] = [],
        kubernetesVersion: ValueTransition? = nil,
        cniPack: ValueTransition? = nil,
        distribution: ValueTransition? = nil,
        droppedPacks: [String] = [],
        changesOSVersion: Bool = false,
        forceSkipMinor: MinorSkipOverride? = nil,
        requestedBy: String
    ) {
        self.target = target
        self.behavior = behavior
        self.servicesToRestart = servicesToRestart
        self.kubernetesVersion = kubernetesVersion
        self.cniPack = cniPack
        self.distribution = distribution
        self.droppedPacks = droppedPacks
        self.changesOSVersion = changesOSVersion
        self.forceSkipMinor = forceSkipMinor
        self.requestedBy = requestedBy
    }
}

extension ProfileChange {
    /// True when `other` asks for the same thing, whoever asked: a repeat emits nothing.
    public func isSameRequest(as other: ProfileChange) -> Bool {
        var asked = other
        asked.requestedBy = requestedBy
        return asked == self
    }
}
