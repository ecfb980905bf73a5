import Engine
import Foundation
import UpgradeDomain

/// Reads a scenario file strictly: unknown keys, wrong types, undefined profiles and impossible
/// policies are errors naming the JSON path. Pack values may sit in files beside the scenario.
public enum ScenarioParser {
    public static func load(_ path: String) throws(ScenarioError) -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError.unreadable(path)
        }
        let folder = (path as NSString).deletingLastPathComponent
        do {
            return try parse(data, folder: folder.isEmpty ? "." : folder, file: path)
        } catch {
            var located = error
            if located.file == nil { located.file = path }
            throw located
        }
    }

    public static func parse(_ data: Data, folder: String, file: String = "scenario") throws(ScenarioError) -> Scenario {
        let root = try JSONNode.parse(data, file: file).object(allowing: [
            "name", "description", "start", "profiles", "templates", "fleet", "policy", "durations", "faults", "timeline", "$schema",
        ])
        let start = try absoluteTime(root.required("start"))
        var profiles: [ProfileVersion] = []
        var published: [ProfileDocument] = []
        for node in try root.required("profiles").array() {
            let (version, document) = try profile(node, folder: folder)
            if let first = profiles.firstIndex(where: { $0.reference == version.reference }) {
                throw node.fail("profile \(version.reference) is defined twice (first at $.profiles[\(first)])")
            }
            profiles.append(version)
            published.append(document)
        }
        let known = Set(profiles.map(\.reference))
        let templateList = try templates(root.optional("templates"))
        let templateNames = Set(templateList.map(\.name))
        var fleet: [ClusterClass] = []
        for node in try root.required("fleet").array() {
            if try classKind(node) == "template" {
                fleet.append(try templateClass(node, templates: templateNames))
            } else {
                fleet.append(try clusterClass(node, profiles: known))
            }
        }
        if fleet.isEmpty { throw ScenarioError(path: "$.fleet", problem: "expected at least one cluster class") }
        if let duplicate = Dictionary(grouping: fleet, by: \.name).first(where: { $0.value.count > 1 })?.key {
            throw ScenarioError(path: "$.fleet", problem: "class '\(duplicate)' is defined twice")
        }
        let names = FleetNames(fleet)
        let templateClasses = Set(fleet.filter(\.isTemplate).map(\.name))
        let policy = try root.optional("policy").map { node throws(ScenarioError) in try rolloutPolicy(node, start: start) } ?? RolloutPolicyDefaults.policy
        if let waveClass = fleet.first(where: { $0.wave.map { name in !policy.waves.contains { $0.name == name } } ?? false }) {
            throw ScenarioError(path: "$.fleet", problem: "class '\(waveClass.name)' names wave '\(waveClass.wave!)', which $.policy.waves does not define")
        }
        var timeline: [TimelineAction] = []
        for node in try root.optional("timeline")?.array() ?? [] {
            timeline.append(try action(node, start: start, profiles: known, templates: templateNames,
                                       fleet: names, templateClasses: templateClasses))
        }
        return Scenario(
            name: try root.required("name").string(),
            description: try root.optional("description")?.string() ?? "",
            startMs: start, profiles: profiles, templates: templateList, fleet: fleet, policy: policy,
            durations: try root.optional("durations").map { node throws(ScenarioError) in try durations(node) } ?? StepDurations(byKind: [:]),
            faults: try root.optional("faults").map { node throws(ScenarioError) in try faults(node, start: start, fleet: names) }
                ?? Faults(nodeActionFailureProbability: 0, silentStepProbability: 0, outages: [], stuckMachineProbability: 0),
            timeline: timeline.enumerated().sorted { ($0.element.atMs, $0.offset) < ($1.element.atMs, $1.offset) }.map(\.element),
            published: published)
    }

    // MARK: Pieces

    /// A profile version, and its document as published (values as the YAML text read).
    static func profile(_ node: JSONNode, folder: String) throws(ScenarioError) -> (ProfileVersion, ProfileDocument) {
        let object = try node.object(allowing: ["name", "version", "distribution", "packs"])
        let distributionNode = try object.required("distribution")
        guard let distribution = KubernetesDistribution(rawValue: try distributionNode.string()) else {
            throw distributionNode.fail("unknown distribution (expected pxk-e, k3s, rke2 or kubeadm)")
        }
        var packs: [ProfilePack] = []
        var documentPacks: [ProfileDocument.Pack] = []
        for packNode in try object.required("packs").array() {
            let pack = try packNode.object(allowing: ["layer", "name", "version", "values", "valuesFile"])
            let layerNode = try pack.required("layer")
            guard let layer = Layer(rawValue: try layerNode.string()) else {
                throw layerNode.fail("unknown layer (expected os, kubernetes, network, storage or addon)")
            }
            var yaml = try pack.optional("values")?.string() ?? ""
            if let fileNode = pack.optional("valuesFile") {
                if pack.optional("values") != nil { throw fileNode.fail("a pack has values or valuesFile, not both") }
                let file = folder + "/" + (try fileNode.string())
                guard let data = FileManager.default.contents(atPath: file) else { throw fileNode.fail("cannot read \(file)") }
                guard let text = String(validating: data, as: UTF8.self) else { throw fileNode.fail("\(file) is not UTF-8 text") }
                yaml = text
            }
            let values: PackValues
            do { values = try PackValues(yaml: yaml) } catch { throw packNode.fail("values are not valid pack YAML: \(error)") }
            let nameNode = try pack.required("name")
            // As the service publishes them: the Kubernetes pack's version is one the guardrails read.
            let versionNode = try pack.required("version")
            let name = try nameNode.string(), version = layer == .kubernetes ? try kubernetesVersion(versionNode) : try versionNode.string()
            // As the service refuses them: one pack per layer, each add-on once.
            let added = ProfilePack(layer: layer, name: name, version: version, values: values)
            if added.repeats(in: packs) != nil {
                throw layer == .addon ? nameNode.fail("add-on \(name) is given twice; a profile holds each add-on once")
                                      : layerNode.fail("a profile has at most one \(layer.rawValue) pack")
            }
            packs.append(added)
            documentPacks.append(ProfileDocument.Pack(layer: layer.rawValue, name: name, version: version, values: yaml.isEmpty ? nil : yaml))
        }
        let reference = ProfileReference(name: try StoreKeys.profileName(object.required("name")), version: try object.required("version").string())
        return (ProfileVersion(reference: reference, distribution: distribution, packs: packs),
                ProfileDocument(name: reference.name, version: reference.version, distribution: distribution.rawValue, packs: documentPacks))
    }

    static func clusterClass(_ node: JSONNode, profiles: Set<ProfileReference>) throws(ScenarioError) -> ClusterClass {
        let object = try node.object(allowing: [
            "class", "count", "kind", "infrastructure", "profile", "controlPlane", "workers", "spareHosts", "elemental",
            "maxUnavailable", "maxSurge", "wave", "status",
        ])
        let profileNode = try object.required("profile")
        let reference = try profileReference(profileNode, known: profiles)
        let budgetNode = object.optional("maxUnavailable") ?? object.optional("maxSurge") ?? node
        let budget = RolloutBudget(
            maxSurge: try object.optional("maxSurge").map { node throws(ScenarioError) in try rolloutValue(node) } ?? .count(0),
            maxUnavailable: try object.optional("maxUnavailable").map { node throws(ScenarioError) in try rolloutValue(node) } ?? .count(1))
        if case .count(0) = budget.maxSurge, case .count(0) = budget.maxUnavailable {
            throw budgetNode.fail("maxUnavailable 0 with maxSurge 0 can never make progress")
        }
        let count = try object.required("count").int(in: 1...10_000_000)
        return ClusterClass(
            name: try StoreKeys.className(object.required("class"), count: count),
            count: count,
            infrastructure: try object.optional("infrastructure")?.string() ?? "edge-native",
            profile: reference,
            controlPlaneNodes: try object.optional("controlPlane")?.int(in: 1...7) ?? 1,
            workerNodes: try object.optional("workers")?.int(in: 0...1000) ?? 0,
            spareHosts: try object.optional("spareHosts")?.int(in: 0...100) ?? 0,
            elemental: try object.optional("elemental")?.bool() ?? false,
            workerBudget: budget,
            controlPlaneBudget: RolloutBudget(maxSurge: .count(0), maxUnavailable: .count(1)),
            wave: try object.optional("wave")?.string(),
            status: try object.optional("status").map { node throws(ScenarioError) in try clusterStatus(node) } ?? .running)
    }

    /// A cluster's inventory status, as the service takes it: `provisioning`, `running` or `deleting`.
    static func clusterStatus(_ node: JSONNode) throws(ScenarioError) -> ClusterStatus {
        let text = try node.string()
        guard let status = ClusterStatus(rawValue: text) else {
            let values = ClusterStatus.allCases.map(\.rawValue)
            throw node.fail("unknown status '\(text)' (expected \(values.dropLast().joined(separator: ", ")) or \(values.last ?? ""))")
        }
        return status
    }

    /// An assign's `forceSkipMinor`: `{"reason": "…"}`, signed by the action's actor as the service
    /// signs a force with its caller. A reason is required; an actor of its own is not taken.
    static func minorSkipOverride(_ node: JSONNode, actor: String) throws(ScenarioError) -> MinorSkipOverride {
        let object = try node.object(allowing: ["reason", "actor"])
        if let named = object.optional("actor") {
            throw named.fail("is not taken: a force is recorded as the timeline entry's actor (\(actor))")
        }
        let reasonNode = try object.required("reason")
        let reason = try reasonNode.string()
        if reason.allSatisfy(\.isWhitespace) {
            throw reasonNode.fail("expected a reason: say why the minor version is skipped (it is recorded with the actor)")
        }
        return MinorSkipOverride(actor: actor, reason: reason)
    }

    static func profileReference(_ node: JSONNode, known: Set<ProfileReference>) throws(ScenarioError) -> ProfileReference {
        let text = try node.string()
        let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw node.fail("expected NAME@VERSION, got '\(text)'") }
        let reference = ProfileReference(name: parts[0], version: parts[1])
        guard known.contains(reference) else { throw node.fail("profile '\(text)' is not defined in $.profiles") }
        return reference
    }

    static func rolloutValue(_ node: JSONNode) throws(ScenarioError) -> RolloutValue {
        if let text = node.value as? String {
            let digits = text.dropLast()
            guard text.hasSuffix("%"), (1...3).contains(digits.utf8.count), digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                  let percent = Int(digits), RolloutValue.acceptedPercentages.contains(percent) else {
                throw node.fail("expected an integer or a percentage like \"25%\", got '\(text)'")
            }
            return .percent(percent)
        }
        return .count(try node.int(in: 0...1000))
    }

    static func time(_ node: JSONNode, start: Int64) throws(ScenarioError) -> Int64 {
        let text = try node.string()
        if text.hasPrefix("+") {
            switch DurationText.read(text) {
            case .milliseconds(let offset): return try StoreTimes.check(start + offset, node)
            case .tooLong: throw node.fail("the offset '\(text)' is longer than the +\(DurationText.maxText) (100 years) an offset may be")
            case .notADuration: break
            }
        }
        guard let ms = milliseconds(rfc3339: text) else {
            throw node.fail("expected an RFC 3339 time (2026-11-24T01:00:00Z) or an offset from the start (+90m), got '\(text)'")
        }
        return try StoreTimes.check(ms, node)
    }

    /// `$.start`: an RFC 3339 time, never an offset (there is nothing yet to be offset from).
    static func absoluteTime(_ node: JSONNode) throws(ScenarioError) -> Int64 {
        let text = try node.string()
        guard let ms = milliseconds(rfc3339: text) else {
            throw node.fail("expected an RFC 3339 time such as 2026-11-24T01:00:00Z, got '\(text)'")
        }
        return try StoreTimes.check(ms, node)
    }

    private static func milliseconds(rfc3339 text: String) -> Int64? { RFC3339.milliseconds(from: text) }
}
