/// How a cluster responds to a change, most disruptive first.
///
/// The order is the seed's: repave > reboot > service restart > configuration reload > no-op.
/// A cluster's behaviour for a whole change is the maximum over its changed paths.
public enum Behavior: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case noOp = "no-op"
    case configReload = "config-reload"
    case serviceRestart = "service-restart"
    case reboot = "reboot"
    case repave = "repave"

    /// Rank by disruption: higher is more disruptive.
    public var disruption: Int {
        switch self {
        case .noOp: 0
        case .configReload: 1
        case .serviceRestart: 2
        case .reboot: 3
        case .repave: 4
        }
    }

    public static func < (lhs: Behavior, rhs: Behavior) -> Bool {
        lhs.disruption < rhs.disruption
    }
}
