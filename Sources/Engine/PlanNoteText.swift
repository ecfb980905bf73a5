import UpgradeDomain

/// The planner's notes in words, for the people who approve and watch a rollout.
public enum PlanNoteText {
    public static func describe(_ note: PlanNote) -> String {
        switch note {
        case .controlPlaneOneAtATime(let members, let quorum):
            "control-plane nodes go one at a time: \(quorum) of \(members) etcd members must stay up"
        case .controlPlaneHasNoQuorumTolerance(let members):
            "the control plane has \(members) member\(members == 1 ? "" : "s"): etcd loses quorum while a control-plane node is down, until it is back or replaced"
        case .poolContractsByOneFirst(let pool, let resets):
            "pool \(pool) has no spare host to surge onto: each node is removed before its replacement is provisioned"
                + (resets ? " (its host resets on removal)" : "")
        case .oneNodeUnavailableForInPlaceSteps(let pool):
            "pool \(pool) allows no unavailable node, but its steps take a node out of service: one node at a time goes down"
        case .unavailableRaisedToOne(let pool):
            "pool \(pool): maxSurge and maxUnavailable both resolve to 0, so maxUnavailable is raised to 1"
        case .elementalInPlaceUpdate(let pool):
            "pool \(pool): Elemental hosts update their OS in place (cordon, drain, label in-place-update=pending, wait for done)"
        }
    }
}
