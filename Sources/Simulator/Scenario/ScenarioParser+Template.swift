import Engine
import Foundation
import UpgradeDomain

extension ScenarioParser {
    /// `$.templates`: names are unique, every `upgrades` entry names a defined template.
    static func templates(_ node: JSONNode?) throws(ScenarioError) -> [ScenarioTemplate] {
        guard let node else { return [] }
        var templates: [ScenarioTemplate] = []
        var upgradeNodes: [[JSONNode]] = []
        for item in try node.array() {
            let object = try item.object(allowing: ["name", "kubernetesVersion", "upgrades"])
            let nameNode = try object.required("name")
            let name = try nameNode.string()
            guard !name.isEmpty else { throw nameNode.fail("expected a template name") }
            if templates.contains(where: { $0.name == name }) { throw nameNode.fail("template '\(name)' is defined twice") }
            let upgrades = try object.optional("upgrades")?.array()
            upgradeNodes.append(upgrades ?? [])
            templates.append(ScenarioTemplate(
                name: name, kubernetesVersion: try kubernetesVersion(object.required("kubernetesVersion")),
                upgrades: try upgrades.map { nodes throws(ScenarioError) in
                    try nodes.map { node throws(ScenarioError) in try node.string() }
                }))
        }
        let names = Set(templates.map(\.name))
        for nodes in upgradeNodes {
            for upgrade in nodes { _ = try templateName(upgrade, known: names) }
        }
        return templates
    }

    /// A Kubernetes version as the guardrails read one (`v1.31.9`, `1.30.1+rke2r1`), kept as written.
    static func kubernetesVersion(_ node: JSONNode) throws(ScenarioError) -> String {
        let text = try node.string()
        do { _ = try K8sVersion(parsing: text) } catch { throw node.fail(error.description) }
        return text
    }

    /// A template name that must be defined in `$.templates`.
    static func templateName(_ node: JSONNode, known: Set<String>) throws(ScenarioError) -> String {
        let name = try node.string()
        guard known.contains(name) else { throw node.fail("template '\(name)' is not defined in $.templates") }
        return name
    }

    /// A `"kind": "template"` class: deployments on a template that Cluster API rolls.
    static func templateClass(_ node: JSONNode, templates: Set<String>) throws(ScenarioError) -> ClusterClass {
        let object = try node.object(allowing: [
            "class", "count", "kind", "template", "variables", "infrastructure", "controlPlane", "workers",
            "maxUnavailable", "maxSurge", "wave",
        ])
        let template = try templateName(object.required("template"), known: templates)
        let variables = try object.optional("variables").map { node throws(ScenarioError) in try variablesObject(node) } ?? .emptyObject
        let controlPlaneNode = object.optional("controlPlane")
        let controlPlane = try controlPlaneNode?.int(in: 1...7) ?? 1
        if controlPlane % 2 == 0 {
            throw controlPlaneNode!.fail("a Cluster API control plane with stacked etcd needs an odd replica count, got \(controlPlane)")
        }
        // Cluster API's MachineDeployment defaults: surge 1, unavailable 0.
        let budgetNode = object.optional("maxUnavailable") ?? object.optional("maxSurge") ?? node
        let budget = RolloutBudget(
            maxSurge: try object.optional("maxSurge").map { node throws(ScenarioError) in try rolloutValue(node) } ?? .count(1),
            maxUnavailable: try object.optional("maxUnavailable").map { node throws(ScenarioError) in try rolloutValue(node) } ?? .count(0))
        if case .count(0) = budget.maxSurge, case .count(0) = budget.maxUnavailable {
            throw budgetNode.fail("maxUnavailable 0 with maxSurge 0 can never make progress")
        }
        let infrastructureNode = try object.required("infrastructure")
        let infrastructure = try infrastructureNode.string()
        // The telemetry's target_infrastructure: every upgrade's telemetry event must name one.
        if infrastructure.isEmpty { throw infrastructureNode.fail("expected an infrastructure name, got an empty string") }
        let count = try object.required("count").int(in: 1...10_000_000)
        return ClusterClass(
            name: try StoreKeys.className(object.required("class"), count: count),
            count: count,
            infrastructure: infrastructure, profile: nil,
            controlPlaneNodes: controlPlane,
            workerNodes: try object.optional("workers")?.int(in: 0...1000) ?? 0,
            spareHosts: 0, elemental: false, workerBudget: budget,
            controlPlaneBudget: RolloutBudget(maxSurge: .count(1), maxUnavailable: .count(0)),
            wave: try object.optional("wave")?.string(),
            template: TemplateClassSettings(template: template, variables: variables))
    }

    /// The kind a class declares (`edge` when absent), read before the class's keys are checked.
    static func classKind(_ node: JSONNode) throws(ScenarioError) -> String {
        guard let members = node.value as? [String: Any] else { throw node.fail("expected an object") }
        guard let value = members["kind"] else { return "edge" }
        let kindNode = JSONNode(value: value, path: node.path + ".kind")
        let kind = try kindNode.string()
        guard kind == "edge" || kind == "template" else { throw kindNode.fail("unknown kind (expected edge or template)") }
        return kind
    }

    /// Template variables: one object, nested no deeper than `TemplateValue.maximumNestingDepth`
    /// (the service's limit too: deeper ones would not read back from the store), every number one
    /// the store reads back exactly (the service's rule too: past 38 significant digits, or an
    /// exponent beyond -128 to 127, a number is an error naming its JSON path).
    static func variablesObject(_ node: JSONNode) throws(ScenarioError) -> TemplateValue {
        let value = try node.templateValue()
        guard case .object = value else { throw node.fail("expected an object") }
        let depth = value.nestingDepth
        guard depth <= TemplateValue.maximumNestingDepth else {
            throw node.fail("nests \(depth) levels deep; at most \(TemplateValue.maximumNestingDepth) are accepted")
        }
        if let (path, number) = value.firstNumberNotStoredExactly(root: node.path) {
            throw ScenarioError(
                path: path,
                problem: "the number \(number) cannot be kept exactly (numbers are kept to 38 significant digits, with exponents from -128 to 127); write it as a string")
        }
        return value
    }

    /// A `changeTemplate` action's template and/or variables patch.
    static func templateChange(_ object: JSONObject, templates: Set<String>) throws(ScenarioError) -> TemplateChangeRequest {
        let template = try object.optional("template").map { node throws(ScenarioError) in try templateName(node, known: templates) }
        let variables = try object.optional("variables").map { node throws(ScenarioError) in try variablesObject(node) }
        guard template != nil || variables != nil else {
            throw ScenarioError(path: object.path, problem: "changeTemplate needs a template, variables or both")
        }
        return TemplateChangeRequest(template: template, variables: variables)
    }
}
