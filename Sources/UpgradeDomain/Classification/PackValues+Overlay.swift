extension PackValues {
    /// These values with a cluster's `overrides` laid over them: maps merge key by key, and any
    /// other value of the overrides (a scalar, a list) takes the place of what is there. Keys the
    /// overrides do not name keep the pack's values, so a later profile version's change to them
    /// still reaches the cluster.
    public func overlaid(with overrides: PackValues) -> PackValues {
        PackValues(root: Self.overlay(root, with: overrides.root))
    }

    private static func overlay(_ base: PackValue, with top: PackValue) -> PackValue {
        guard case .map(var merged) = base, case .map(let over) = top else { return top }
        for (key, value) in over {
            merged[key] = merged[key].map { overlay($0, with: value) } ?? value
        }
        return .map(merged)
    }
}
