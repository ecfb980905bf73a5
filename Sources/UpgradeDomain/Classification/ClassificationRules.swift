/// The behaviour table for one layer (and, for Kubernetes, one distribution): ordered rules, the
/// first match wins, and a default for paths no rule names.
///
/// The tables follow the edge upgrade behaviour reference (seed 001); docs/classification.md lists
/// every row and explains each choice the reference leaves open.
struct ClassificationRules: Sendable {
    let rules: [PathRule]
    let fallback: Behavior
    let fallbackText: String

    /// The table for `layer`; `distribution` picks the Kubernetes table and turns on the RKE2 known
    /// issue on the OS and Kubernetes layers.
    init(layer: Layer, distribution: KubernetesDistribution?) {
        let knownIssue = distribution == .rke2 ? Self.rke2KnownIssue : []
        switch layer {
        case .os:
            rules = knownIssue + Self.osRules
            fallback = .reboot
        case .kubernetes:
            let scope = distribution.map { $0.rawValue } ?? "kubernetes"
            let distributionRules = distribution == .kubeadm ? Self.kubeadmRules : []
            rules = knownIssue + distributionRules + Self.kubernetesRules(scope: scope)
            fallback = .reboot
        case .network:
            rules = [PathRule(pattern: "*", behavior: .serviceRestart, text: "network: CNI values restart networking services")]
            fallback = .serviceRestart
        case .storage:
            rules = [PathRule(pattern: "*", behavior: .serviceRestart, text: "storage: CSI values restart storage services")]
            fallback = .serviceRestart
        case .addon:
            rules = [PathRule(pattern: "*", behavior: .serviceRestart, text: "addon: values restart the add-on's workloads")]
            fallback = .serviceRestart
        }
        fallbackText = "\(layer.rawValue) default: no rule names this path, \(fallback.ruleVerb)"
    }

    /// The deciding rule for `path`, and whether it is the layer default (unclassified).
    func decide(_ path: ValuePath) -> (behavior: Behavior, rule: String, unclassified: Bool) {
        if let rule = rules.first(where: { $0.pattern.matches(path) }) {
            return (rule.behavior, rule.text, false)
        }
        return (fallback, fallbackText, true)
    }
}
