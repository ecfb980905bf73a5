/// Replica counts of a MachineDeployment, MachineSet or control plane, normalised across versions.
///
/// | field | v1beta1 object | v1beta2 object |
/// |---|---|---|
/// | `desired` | `spec.replicas` | `spec.replicas` |
/// | `current` | `status.replicas` | `status.replicas` |
/// | `ready` | `status.readyReplicas` | `status.readyReplicas` |
/// | `available` | `status.availableReplicas` | `status.availableReplicas` |
/// | `upToDate` | `status.v1beta2.upToDateReplicas` | `status.upToDateReplicas` |
/// | `updated` | `status.updatedReplicas` | `status.deprecated.v1beta1.updatedReplicas` |
public struct CAPIReplicaCounts: Hashable, Sendable, Codable {
    /// Desired replicas (`spec.replicas`).
    public var desired: Int?
    /// Existing replicas (`status.replicas`).
    public var current: Int?
    /// Ready replicas.
    public var ready: Int?
    /// Available replicas.
    public var available: Int?
    /// Up-to-date replicas (v1beta2 semantics).
    public var upToDate: Int?
    /// Updated replicas (v1beta1 semantics).
    public var updated: Int?

    /// Creates counts; every field is optional because the API omits unset counts.
    public init(
        desired: Int? = nil, current: Int? = nil, ready: Int? = nil,
        available: Int? = nil, upToDate: Int? = nil, updated: Int? = nil
    ) {
        self.desired = desired
        self.current = current
        self.ready = ready
        self.available = available
        self.upToDate = upToDate
        self.updated = updated
    }

    /// The largest replica count Cluster API can hold: its replica fields (`spec.replicas` and the
    /// status counts of MachineDeployments, MachineSets and control planes) are `int32` in the
    /// Cluster API types and their OpenAPI schema, so a count above `Int32.max` (or below 0) is
    /// no real cluster's. The watch parser refuses such counts; the rollout arithmetic clamps
    /// to this bound what older builds stored before they were refused.
    public static let maximum = Int(Int32.max)

    /// Desired machines for the progress total: `spec.replicas` clamped to `0...maximum`, 0 when unset.
    var desiredMachines: Int {
        min(max(desired ?? 0, 0), Self.maximum)
    }

    /// True when no count is known.
    public var isEmpty: Bool {
        desired == nil && current == nil && ready == nil && available == nil
            && upToDate == nil && updated == nil
    }
}
