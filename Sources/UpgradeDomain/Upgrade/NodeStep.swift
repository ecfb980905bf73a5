/// One action an agent performs on one node. Each step is requested with a deadline and answered by a report.
public enum NodeStep: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Bring up a replacement node on a spare host (surge) or on the freed host (after removal).
    case provisionReplacement = "provision-replacement"
    /// Mark the node unschedulable.
    case cordon
    /// Evict the node's workloads.
    case drain
    /// Remove the node from the cluster (an Elemental host resets).
    case removeNode = "remove-node"
    /// Reboot the host.
    case reboot
    /// Wait until the node reports Ready again.
    case waitReady = "wait-ready"
    /// Make the node schedulable again.
    case uncordon
    /// Restart the named services on the node.
    case restartServices = "restart-services"
    /// Wait until the restarted services report healthy.
    case waitServicesHealthy = "wait-services-healthy"
    /// Apply the new configuration without restarting anything.
    case reloadConfiguration = "reload-configuration"
    /// Label the Elemental host `in-place-update=pending` so its agent reconciles the OS version.
    case markInPlaceUpdatePending = "mark-in-place-update-pending"
    /// Wait until the host's label turns `done` (the host reports success).
    case awaitInPlaceUpdateDone = "await-in-place-update-done"

    public static func < (lhs: NodeStep, rhs: NodeStep) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The step sequence for one node.
    public static func sequence(
        for behavior: Behavior,
        elementalInPlace: Bool,
        surgeFirst: Bool
    ) -> [NodeStep] {
        if elementalInPlace {
            return [.cordon, .drain, .markInPlaceUpdatePending, .awaitInPlaceUpdateDone, .uncordon]
        }
        switch behavior {
        case .repave:
            return surgeFirst
                ? [.provisionReplacement, .cordon, .drain, .removeNode]
                : [.cordon, .drain, .removeNode, .provisionReplacement]
        case .reboot: return [.cordon, .drain, .reboot, .waitReady, .uncordon]
        case .serviceRestart: return [.restartServices, .waitServicesHealthy]
        case .configReload: return [.reloadConfiguration]
        case .noOp: return []
        }
    }
}
