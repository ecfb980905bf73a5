/// One declared upgrade path: from `template` a deployment may move to any of `availableUpgrades`.
///
/// Mirrors one entry of k0rdent's ClusterTemplateChain `spec.supportedTemplates[]`
/// (`name` and `availableUpgrades[].name`).
public struct TemplateUpgradePath: Hashable, Sendable, Codable {
    /// The template a deployment runs now (`supportedTemplates[].name`).
    public var template: String
    /// The templates it may move to (`supportedTemplates[].availableUpgrades[].name`).
    public var availableUpgrades: [String]

    /// Creates a path from `template` to each of `availableUpgrades`.
    public init(template: String, availableUpgrades: [String]) {
        self.template = template
        self.availableUpgrades = availableUpgrades
    }
}

extension TemplateUpgradePath {
    /// Why moving from `current` to `target` is not allowed by `paths`, or `nil` when it is.
    ///
    /// Rules: no declared paths (`nil`) allows every target; staying on the same template
    /// (a variables-only change) is always allowed; otherwise `current` must be a supported
    /// template and `target` one of its available upgrades. Several entries for the same
    /// template are merged.
    public static func refusal(
        from current: String, to target: String, paths: [TemplateUpgradePath]?
    ) -> TemplateUpgradeRefusal.Reason? {
        guard let paths, current != target else { return nil }
        let entries = paths.filter { $0.template == current }
        guard !entries.isEmpty else {
            return .templateNotInUpgradePaths(current: current, target: target)
        }
        let allowed = Set(entries.flatMap(\.availableUpgrades)).sorted()
        guard allowed.contains(target) else {
            return .outsideUpgradePath(current: current, target: target, allowed: allowed)
        }
        return nil
    }
}
