/// Whether the control planes and MachineDeployments have taken an upgrade's change.
extension TemplateUpgradeStart {
    /// True for an owner observed (with a generation) when the upgrade started whose generation
    /// has not moved since: its spec has not changed, so it has not taken the change yet.
    func isAwaitingChange(_ owner: CAPIObject) -> Bool {
        guard let before = baselineOwnerGenerations?[owner.uid], let now = owner.generation else { return false }
        return now <= before
    }

    /// True for an owner observed when the upgrade started whose generation has moved since.
    func hasTakenChange(_ owner: CAPIObject) -> Bool {
        guard let before = baselineOwnerGenerations?[owner.uid], let now = owner.generation else { return false }
        return now > before
    }
}
