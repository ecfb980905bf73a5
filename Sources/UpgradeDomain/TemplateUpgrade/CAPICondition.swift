/// The status of a Cluster API condition.
public enum CAPIConditionStatus: String, Hashable, Sendable, Codable {
    case `true` = "True"
    case `false` = "False"
    case unknown = "Unknown"
}

/// Which condition vocabulary a condition belongs to.
///
/// v1beta1 objects carry v1beta1 conditions in `status.conditions` and, since Cluster API 1.9,
/// v1beta2 conditions in `status.v1beta2.conditions`. v1beta2 objects carry v1beta2 conditions
/// in `status.conditions` and the old ones in `status.deprecated.v1beta1.conditions`.
public enum CAPIConditionFlavor: String, Hashable, Sendable, Codable, Comparable {
    case v1beta1
    case v1beta2

    public static func < (lhs: CAPIConditionFlavor, rhs: CAPIConditionFlavor) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// One observed condition of a Cluster API object.
public struct CAPICondition: Hashable, Sendable, Codable {
    /// Condition type, e.g. `Ready`, `UpToDate`, `Available`.
    public var type: String
    /// `True`, `False` or `Unknown`.
    public var status: CAPIConditionStatus
    /// Machine-readable reason, e.g. `InstanceProvisionFailed`.
    public var reason: String?
    /// Human-readable message.
    public var message: String?
    /// v1beta1 only: `Error`, `Warning` or `Info` for a False condition.
    public var severity: String?
    /// When the status last changed, as the API server printed it.
    public var lastTransitionTime: String?
    /// The vocabulary the condition came from.
    public var flavor: CAPIConditionFlavor

    /// Creates a condition.
    public init(
        type: String, status: CAPIConditionStatus, reason: String? = nil, message: String? = nil,
        severity: String? = nil, lastTransitionTime: String? = nil, flavor: CAPIConditionFlavor
    ) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.severity = severity
        self.lastTransitionTime = lastTransitionTime
        self.flavor = flavor
    }
}
