/// Reads the k0rdent (kcm) objects that drive template upgrades, from their JSON.
///
/// - ClusterDeployment: `spec.template` (the template name) and `spec.config` (the template
///   variables, any JSON; absent means an empty object).
/// - ClusterTemplateChain: `spec.supportedTemplates[].name` and
///   `spec.supportedTemplates[].availableUpgrades[].name`.
///
/// Errors name the JSON path, like ``CAPIWatchEventParser``.
public enum K0rdentObjectParser {
    /// What a ClusterDeployment asks for: the template and its variables.
    public struct DeploymentSpec: Hashable, Sendable {
        /// `metadata.name`.
        public var name: String
        /// `spec.template`.
        public var template: String
        /// `spec.config` (an empty object when absent).
        public var variables: TemplateValue
    }

    /// Reads a ClusterDeployment document (e.g. `kubectl get clusterdeployment NAME -o json`).
    public static func clusterDeployment(json: String) throws(CAPIWatchParseError) -> DeploymentSpec {
        let root = CAPIJSONCursor(value: try CAPIWatchEventParser.decodeJSON(json), path: "$")
        let spec = try root.required("spec")
        return DeploymentSpec(
            name: try root.required("metadata").requiredString("name"),
            template: try spec.requiredString("template"),
            variables: try spec.optional("config")?.value ?? .emptyObject)
    }

    /// Reads a ClusterTemplateChain document into upgrade paths, in document order.
    public static func clusterTemplateChain(json: String) throws(CAPIWatchParseError) -> [TemplateUpgradePath] {
        let root = CAPIJSONCursor(value: try CAPIWatchEventParser.decodeJSON(json), path: "$")
        guard let supported = try root.required("spec").optional("supportedTemplates") else { return [] }
        var paths: [TemplateUpgradePath] = []
        for entry in try supported.elements() {
            var upgrades: [String] = []
            for upgrade in try entry.optional("availableUpgrades")?.elements() ?? [] {
                upgrades.append(try upgrade.requiredString("name"))
            }
            paths.append(TemplateUpgradePath(template: try entry.requiredString("name"), availableUpgrades: upgrades))
        }
        return paths
    }
}
