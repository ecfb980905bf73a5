/// How a node's update counts against its pool's rolling budget.
public enum NodeDisruption: String, Sendable, Hashable, Codable {
    /// The node stays available (configuration reload).
    case none
    /// A replacement is surged first; the node counts against the surge budget, not unavailability.
    case surge
    /// The node is out of service while it updates; it counts against the unavailable budget.
    case unavailable
}
