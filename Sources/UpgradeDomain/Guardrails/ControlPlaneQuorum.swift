/// etcd quorum arithmetic for a stacked control plane.
public struct ControlPlaneQuorum: Sendable, Hashable, Codable {
    /// Voting members (control-plane nodes).
    public var members: Int

    /// Creates the arithmetic for `members` voting members.
    public init(members: Int) {
        self.members = members
    }

    /// Members needed for quorum: `members / 2 + 1`.
    public var quorum: Int { members / 2 + 1 }

    /// Members that may be down while quorum holds.
    public var tolerance: Int { max(members - quorum, 0) }

    /// Control-plane nodes are always taken one at a time.
    public var maxConcurrentNodes: Int { 1 }

    /// With 1 or 2 members, taking even one node down loses quorum unless a replacement joins first.
    public var losesQuorumWhenOneNodeIsDown: Bool { tolerance == 0 }
}
