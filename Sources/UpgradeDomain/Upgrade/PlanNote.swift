/// Something the planner wants an operator to know about how the rollout will go.
public enum PlanNote: Sendable, Hashable, Codable {
    /// Control-plane nodes go one at a time; `quorum` of `members` etcd members must stay up.
    case controlPlaneOneAtATime(members: Int, quorum: Int)
    /// With 1 or 2 control-plane nodes etcd has no failure tolerance: a node down loses quorum
    /// until it is back (or its replacement has joined).
    case controlPlaneHasNoQuorumTolerance(members: Int)
    /// No spare host to surge onto: the pool contracts by one first (remove, then replace).
    case poolContractsByOneFirst(pool: PoolID, resetsOnRemoval: Bool)
    /// The pool's budget allowed no unavailable node, but an in-place step takes a node out of
    /// service, so one node at a time goes down.
    case oneNodeUnavailableForInPlaceSteps(pool: PoolID)
    /// Both bounds of the pool's budget resolved to 0, so unavailable was raised to 1.
    case unavailableRaisedToOne(pool: PoolID)
    /// Elemental hosts in the pool update their OS in place (drain, label pending, wait for done).
    case elementalInPlaceUpdate(pool: PoolID)
}
