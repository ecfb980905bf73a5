import Foundation
import Simulator
import Testing
import UpgradeDomain

@Suite("Reading template scenarios")
struct TemplateScenarioParserTests {
    /// A small valid template scenario; tests break one thing in it at a time.
    static var valid: [String: Any] { [
        "name": "tiny-template",
        "start": "2026-11-24T00:00:00Z",
        "profiles": [],
        "templates": [
            ["name": "t1", "kubernetesVersion": "v1.31.9", "upgrades": ["t2"]],
            ["name": "t2", "kubernetesVersion": "v1.32.5"],
        ],
        "fleet": [["class": "c", "count": 2, "kind": "template", "template": "t1", "infrastructure": "aws",
                   "variables": ["region": "eu-west-1", "workers": 3, "spot": false, "ratio": 0.5], "controlPlane": 3, "workers": 3]],
        "durations": ["machineRollout": ["median": "6m", "p95": "12m"]],
        "faults": ["stuckMachineProbability": 0.01],
        "timeline": [["at": "+1m", "action": "changeTemplate", "clusters": ["classes": ["c"]], "template": "t2"]],
    ] }

    static func data(_ object: [String: Any]) -> Data { BrokenScenario.data(object) }

    @Test func aValidTemplateScenarioReads() throws {
        let scenario = try ScenarioParser.parse(Self.data(Self.valid), folder: ".")
        let cls = try #require(scenario.fleet.first)
        #expect(cls.isTemplate)
        #expect(cls.template?.template == "t1")
        #expect(cls.template?.variables == .object([
            "region": .string("eu-west-1"), "workers": .integer(3), "spot": .bool(false), "ratio": .number(0.5),
        ]))
        #expect(scenario.templates.map(\.upgrades) == [["t2"], nil])
        #expect(scenario.faults.stuckMachineProbability == 0.01)
        guard case .changeTemplate(let change) = scenario.timeline.first?.kind else {
            Issue.record("expected a changeTemplate action")
            return
        }
        #expect(change.template == "t2")
        #expect(change.variables == nil)
    }

    @Test func variablesAreAMergePatch() {
        let current = TemplateValue.object(["region": .string("eu"), "worker": .object(["type": .string("a"), "disk": .integer(32)])])
        let change = TemplateChangeRequest(variables: .object(["worker": .object(["type": .string("b"), "disk": .null])]))
        #expect(change.variables(over: current) == .object(["region": .string("eu"), "worker": .object(["type": .string("b")])]))
    }

    typealias Broken = BrokenScenario

    static func templateClass(_ extra: [String: Any] = [:], removing: String? = nil) -> [[String: Any]] {
        var cls: [String: Any] = ["class": "c", "count": 1, "kind": "template", "template": "t1", "infrastructure": "aws"]
        cls.merge(extra) { _, new in new }
        if let removing { cls[removing] = nil }
        return [cls]
    }

    /// `{"x":[[…]]}`, `depth` levels in all.
    static func nested(depth: Int) -> [String: Any] {
        var value: Any = [Any]()
        for _ in 0..<(depth - 2) { value = [value] }
        return ["x": value]
    }

    @Test func theDeepestVariablesAcceptedRead() throws {
        var object = Self.valid
        object["fleet"] = Self.templateClass(["variables": Self.nested(depth: TemplateValue.maximumNestingDepth)])
        let scenario = try ScenarioParser.parse(Self.data(object), folder: ".")
        #expect(scenario.fleet.first?.template?.variables.nestingDepth == TemplateValue.maximumNestingDepth)
    }

    static let broken: [Broken] = [
        Broken(label: "kind template without a template", path: "$.fleet[0].template", problem: "missing") {
            $0["fleet"] = templateClass(removing: "template")
        },
        Broken(label: "undefined template in a class", path: "$.fleet[0].template", problem: "template 't9' is not defined in $.templates") {
            $0["fleet"] = templateClass(["template": "t9"])
        },
        Broken(label: "undefined template in upgrades", path: "$.templates[1].upgrades[0]", problem: "template 't3' is not defined") {
            $0["templates"] = [["name": "t1", "kubernetesVersion": "v1.31.9"], ["name": "t2", "kubernetesVersion": "v1.32.5", "upgrades": ["t3"]]]
        },
        Broken(label: "undefined template in a change", path: "$.timeline[0].template", problem: "is not defined in $.templates") {
            $0["timeline"] = [["at": "+1m", "action": "changeTemplate", "clusters": [:], "template": "nope"]]
        },
        Broken(label: "a template defined twice", path: "$.templates[1].name", problem: "defined twice") {
            $0["templates"] = [["name": "t1", "kubernetesVersion": "v1.31.9"], ["name": "t1", "kubernetesVersion": "v1.32.5"]]
        },
        Broken(label: "unknown kind", path: "$.fleet[0].kind", problem: "unknown kind") {
            $0["fleet"] = templateClass(["kind": "virtual"])
        },
        Broken(label: "a profile on a template class", path: "$.fleet[0].profile", problem: "unknown key") {
            $0["fleet"] = templateClass(["profile": "p@1"])
        },
        Broken(label: "variables that are not an object", path: "$.fleet[0].variables", problem: "expected an object") {
            $0["fleet"] = templateClass(["variables": [1, 2]])
        },
        Broken(label: "an even control plane", path: "$.fleet[0].controlPlane", problem: "odd replica count") {
            $0["fleet"] = templateClass(["controlPlane": 2])
        },
        Broken(label: "no surge and no unavailable", path: "$.fleet[0].maxUnavailable", problem: "can never make progress") {
            $0["fleet"] = templateClass(["maxSurge": 0, "maxUnavailable": 0])
        },
        Broken(label: "a template class without infrastructure", path: "$.fleet[0].infrastructure", problem: "missing") {
            $0["fleet"] = templateClass(removing: "infrastructure")
        },
        Broken(label: "an empty infrastructure (the telemetry's target_infrastructure)", path: "$.fleet[0].infrastructure",
               problem: "expected an infrastructure name, got an empty string") {
            $0["fleet"] = templateClass(["infrastructure": ""])
        },
        Broken(label: "class variables nested deeper than the store reads back", path: "$.fleet[0].variables",
               problem: "nests 65 levels deep; at most 64 are accepted") {
            $0["fleet"] = templateClass(["variables": nested(depth: 65)])
        },
        Broken(label: "change variables nested deeper than the store reads back", path: "$.timeline[0].variables",
               problem: "nests 65 levels deep; at most 64 are accepted") {
            $0["timeline"] = [["at": "+1m", "action": "changeTemplate", "clusters": [:], "variables": nested(depth: 65)]]
        },
        Broken(label: "a change with neither template nor variables", path: "$.timeline[0]", problem: "needs a template, variables or both") {
            $0["timeline"] = [["at": "+1m", "action": "changeTemplate", "clusters": [:]]]
        },
        Broken(label: "a template on an assign", path: "$.timeline[0].template", problem: "only a changeTemplate action takes template") {
            $0["timeline"] = [["at": "+1m", "action": "assign", "clusters": [:], "profile": "p@1", "template": "t2"]]
        },
        Broken(label: "a change for an edge class", path: "$.timeline[0].clusters.classes[0]", problem: "is an edge class") {
            $0["profiles"] = [["name": "p", "version": "1", "distribution": "k3s", "packs": []]]
            $0["fleet"] = templateClass() + [["class": "e", "count": 1, "profile": "p@1"]]
            $0["timeline"] = [["at": "+1m", "action": "changeTemplate", "clusters": ["classes": ["e"]], "template": "t2"]]
        },
        Broken(label: "a wrong type of machine rollout", path: "$.durations.machineRollout.fixed", problem: "expected a string") {
            $0["durations"] = ["machineRollout": ["fixed": 5]]
        },
        Broken(label: "a status for a template class", path: "$.timeline[0].clusters.classes[0]",
               problem: "class 'c' is a template class; status applies to edge classes") {
            $0["timeline"] = [["at": "+1m", "action": "status", "clusters": ["classes": ["c"]], "status": "deleting"]]
        },
        Broken(label: "a status on a template class", path: "$.fleet[0].status", problem: "unknown key") {
            $0["fleet"] = templateClass(["status": "provisioning"])
        },
        Broken(label: "stuck probability out of range", path: "$.faults.stuckMachineProbability", problem: "expected a number in 0.0...1.0") {
            $0["faults"] = ["stuckMachineProbability": 1.5]
        },
        Broken(label: "a template version that is not a Kubernetes version", path: "$.templates[1].kubernetesVersion",
               problem: "'latest' is not a Kubernetes version (expected e.g. 1.29.4, v1.30.1, 1.30.1+rke2r1)") {
            $0["templates"] = [["name": "t1", "kubernetesVersion": "v1.31.9"], ["name": "t2", "kubernetesVersion": "latest"]]
        },
        Broken(label: "an assign naming a template cluster", path: "$.timeline[0].clusters.ids[1]",
               problem: "cluster 'c-00002' is of template class 'c'; assign applies to edge clusters") {
            $0["profiles"] = [["name": "p", "version": "1", "distribution": "k3s", "packs": []]]
            $0["fleet"] = templateClass(["count": 2]) + [["class": "e", "count": 1, "profile": "p@1"]]
            $0["timeline"] = [["at": "+1m", "action": "assign", "clusters": ["ids": ["e-00001", "c-00002"]], "profile": "p@1"]]
        },
        Broken(label: "a change naming an edge cluster", path: "$.timeline[0].clusters.ids[0]",
               problem: "cluster 'e-00001' is of edge class 'e'; changeTemplate applies to template clusters") {
            $0["profiles"] = [["name": "p", "version": "1", "distribution": "k3s", "packs": []]]
            $0["fleet"] = templateClass() + [["class": "e", "count": 1, "profile": "p@1"]]
            $0["timeline"] = [["at": "+1m", "action": "changeTemplate", "clusters": ["ids": ["e-00001"]], "template": "t2"]]
        },
    ] + ["approve", "deny", "pause", "resume"].flatMap { action in [
        Broken(label: "\(action) for a template class", path: "$.timeline[0].clusters.classes[0]",
               problem: "class 'c' is a template class; \(action) applies to edge classes") {
            $0["timeline"] = [["at": "+1m", "action": action, "clusters": ["classes": ["c"]]]]
        },
        Broken(label: "\(action) for a template cluster", path: "$.timeline[0].clusters.ids[0]",
               problem: "cluster 'c-00001' is of template class 'c'; \(action) applies to edge clusters") {
            $0["timeline"] = [["at": "+1m", "action": action, "clusters": ["ids": ["c-00001"]]]]
        },
    ] }

    @Test(arguments: broken)
    func aBrokenTemplateScenarioNamesTheJSONPathAndTheProblem(_ case_: Broken) {
        case_.expectRefused(startingFrom: Self.valid)
    }

    /// `cancel` acts on both kinds (it withdraws a template cluster still waiting), and a selector
    /// without classes or ids applies each action to the clusters of its kind.
    @Test func cancelNamesEitherKindAndAnEmptySelectorNamesNone() throws {
        var object = Self.valid
        object["profiles"] = [["name": "p", "version": "1", "distribution": "k3s", "packs": []]]
        object["fleet"] = Self.templateClass() + [["class": "e", "count": 1, "profile": "p@1"]]
        object["timeline"] = [
            ["at": "+1m", "action": "cancel", "clusters": ["classes": ["c", "e"], "ids": ["c-00001", "e-00001"]]],
            ["at": "+2m", "action": "approve", "clusters": [:]],
            ["at": "+3m", "action": "changeTemplate", "clusters": [:], "template": "t2"],
        ]
        #expect(try ScenarioParser.parse(Self.data(object), folder: ".").timeline.count == 3)
    }
}
