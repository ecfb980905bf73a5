/// One changed path with the behaviour it causes and the rule that decided it.
public struct ClassifiedChange: Hashable, Sendable {
    /// The changed leaf.
    public let path: ValuePath
    /// Added, removed or modified.
    public let change: ChangeKind
    /// What the cluster does for this change.
    public let behavior: Behavior
    /// The deciding rule in words, e.g. `os: stages.boot.* reboots`.
    public let rule: String
    /// True when no table row names the path and the layer default decided.
    public let unclassified: Bool
    /// When a template reference decided: the chain from `options.system.uri` to this path.
    public let templateChain: [ValuePath]

    /// A classified change; `templateChain` is empty unless a reference decided.
    public init(
        path: ValuePath, change: ChangeKind, behavior: Behavior, rule: String,
        unclassified: Bool = false, templateChain: [ValuePath] = []
    ) {
        self.path = path
        self.change = change
        self.behavior = behavior
        self.rule = rule
        self.unclassified = unclassified
        self.templateChain = templateChain
    }
}
