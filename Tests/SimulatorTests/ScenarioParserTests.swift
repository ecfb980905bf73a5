import Foundation
import Simulator
import Testing
import UpgradeDomain

@Suite("Reading scenarios")
struct ScenarioParserTests {
    /// A small valid scenario; tests break one thing in it at a time.
    static var valid: [String: Any] { [
        "name": "tiny",
        "start": "2026-11-24T00:00:00Z",
        "profiles": [
            ["name": "p", "version": "1", "distribution": "k3s", "packs": [["layer": "kubernetes", "name": "edge-k3s", "version": "1.31.2", "values": "cluster:\n  config: a\n"]]],
            ["name": "p", "version": "2", "distribution": "k3s", "packs": [["layer": "kubernetes", "name": "edge-k3s", "version": "1.31.2", "values": "cluster:\n  config: b\n"]]],
        ],
        "fleet": [["class": "c", "count": 3, "profile": "p@1", "controlPlane": 1, "workers": 2]],
        "timeline": [["at": "+1m", "action": "assign", "clusters": ["classes": ["c"]], "profile": "p@2"]],
    ] }

    static func data(_ object: [String: Any]) -> Data { BrokenScenario.data(object) }

    @Test func aValidScenarioReads() throws {
        let scenario = try ScenarioParser.parse(Self.data(Self.valid), folder: ".")
        #expect(scenario.fleet.first?.count == 3)
        #expect(scenario.timeline.first?.atMs == scenario.startMs + 60_000)
    }

    typealias Broken = BrokenScenario

    static let broken: [Broken] = [
        Broken(label: "unknown top-level key", path: "$.fleets", problem: "unknown key") { $0["fleets"] = [] },
        Broken(label: "count of the wrong type", path: "$.fleet[0].count", problem: "expected an integer") {
            $0["fleet"] = [["class": "c", "count": "three", "profile": "p@1"]]
        },
        Broken(label: "undefined profile", path: "$.fleet[0].profile", problem: "is not defined") {
            $0["fleet"] = [["class": "c", "count": 1, "profile": "p@9"]]
        },
        Broken(label: "integer 0/0 budget", path: "$.fleet[0].maxUnavailable", problem: "can never make progress") {
            $0["fleet"] = [["class": "c", "count": 1, "profile": "p@1", "maxUnavailable": 0, "maxSurge": 0]]
        },
        Broken(label: "bad percentage", path: "$.fleet[0].maxUnavailable", problem: "percentage") {
            $0["fleet"] = [["class": "c", "count": 1, "profile": "p@1", "maxUnavailable": "lots"]]
        },
        Broken(label: "unknown layer", path: "$.profiles[0].packs[0].layer", problem: "unknown layer") {
            $0["profiles"] = [["name": "p", "version": "1", "distribution": "k3s", "packs": [["layer": "kernel", "name": "x", "version": "1"]]]]
        },
        Broken(label: "an add-on given twice", path: "$.profiles[0].packs[2].name", problem: "add-on hello is given twice") {
            $0["profiles"] = [["name": "p", "version": "1", "distribution": "k3s", "packs": [
                ["layer": "addon", "name": "hello", "version": "1"], ["layer": "addon", "name": "metrics", "version": "1"],
                ["layer": "addon", "name": "hello", "version": "2"]]]]
        },
        Broken(label: "a second kubernetes pack", path: "$.profiles[0].packs[1].layer", problem: "at most one kubernetes pack") {
            $0["profiles"] = [["name": "p", "version": "1", "distribution": "k3s", "packs": [
                ["layer": "kubernetes", "name": "edge-k3s", "version": "1.31.2"], ["layer": "kubernetes", "name": "edge-k3s", "version": "1.32.0"]]]]
        },
        Broken(label: "unknown action", path: "$.timeline[0].action", problem: "unknown action") {
            $0["timeline"] = [["at": "+1m", "action": "explode", "clusters": [:]]]
        },
        Broken(label: "bad duration", path: "$.durations.drain.fixed", problem: "expected a duration") {
            $0["durations"] = ["drain": ["fixed": "soon"]]
        },
        Broken(label: "waves not adding to 100", path: "$.policy.waves", problem: "add up to 100") {
            $0["policy"] = ["waves": [["name": "a", "percent": 10]]]
        },
        Broken(label: "unknown class in a selector", path: "$.timeline[0].clusters.classes[0]", problem: "not defined in $.fleet") {
            $0["timeline"] = [["at": "+1m", "action": "assign", "clusters": ["classes": ["nope"]], "profile": "p@2"]]
        },
        Broken(label: "probability out of range", path: "$.faults.nodeActionFailureProbability", problem: "expected a number in 0.0...1.0") {
            $0["faults"] = ["nodeActionFailureProbability": 2]
        },
        Broken(label: "missing start", path: "$.start", problem: "missing") { $0["start"] = nil },
        Broken(label: "a profile version defined twice", path: "$.profiles[2]", problem: "p@1 is defined twice (first at $.profiles[0])") {
            var profiles = $0["profiles"] as! [[String: Any]]
            profiles.append(["name": "p", "version": "1", "distribution": "k3s", "packs": []])
            $0["profiles"] = profiles
        },
        Broken(label: "unknown cluster id in a selector", path: "$.timeline[0].clusters.ids[1]", problem: "cluster 'c-00004' is not in $.fleet") {
            $0["timeline"] = [["at": "+1m", "action": "assign", "clusters": ["ids": ["c-00003", "c-00004"]], "profile": "p@2"]]
        },
        Broken(label: "a cluster id spelled without its padding", path: "$.timeline[0].clusters.ids[0]", problem: "cluster 'c-1' is not in $.fleet") {
            $0["timeline"] = [["at": "+1m", "action": "assign", "clusters": ["ids": ["c-1"]], "profile": "p@2"]]
        },
        Broken(label: "unknown cluster id in an outage", path: "$.faults.kubernetesOutages[0].clusters.ids[0]", problem: "cluster 'nope-1' is not in $.fleet") {
            $0["faults"] = ["kubernetesOutages": [["clusters": ["ids": ["nope-1"]], "at": "+1h", "duration": "30m"]]]
        },
        Broken(label: "a maintenance window on no day", path: "$.policy.maintenanceWindows[0].days", problem: "expected at least one day") {
            $0["policy"] = ["maintenanceWindows": [["days": [], "start": "01:00", "end": "05:00"]]]
        },
        Broken(label: "an unknown class status", path: "$.fleet[0].status",
               problem: "unknown status 'ready' (expected provisioning, running or deleting)") {
            $0["fleet"] = [["class": "c", "count": 3, "profile": "p@1", "status": "ready"]]
        },
        Broken(label: "a class status of the wrong type", path: "$.fleet[0].status", problem: "expected a string") {
            $0["fleet"] = [["class": "c", "count": 3, "profile": "p@1", "status": true]]
        },
        Broken(label: "an unknown status in a status action", path: "$.timeline[0].status", problem: "unknown status 'Running'") {
            $0["timeline"] = [["at": "+1m", "action": "status", "clusters": ["classes": ["c"]], "status": "Running"]]
        },
        Broken(label: "a status action without a status", path: "$.timeline[0].status", problem: "missing") {
            $0["timeline"] = [["at": "+1m", "action": "status", "clusters": ["classes": ["c"]]]]
        },
        Broken(label: "a status on an assign", path: "$.timeline[0].status", problem: "only a status action takes status") {
            $0["timeline"] = [["at": "+1m", "action": "assign", "clusters": [:], "profile": "p@2", "status": "running"]]
        },
        Broken(label: "an empty force reason", path: "$.timeline[0].forceSkipMinor.reason", problem: "expected a reason") {
            $0["timeline"] = [["at": "+1m", "action": "assign", "clusters": [:], "profile": "p@2", "forceSkipMinor": ["reason": ""]]]
        },
        Broken(label: "a blank force reason", path: "$.timeline[0].forceSkipMinor.reason", problem: "expected a reason") {
            $0["timeline"] = [["at": "+1m", "action": "assign", "clusters": [:], "profile": "p@2", "forceSkipMinor": ["reason": " \t"]]]
        },
        Broken(label: "a force without a reason", path: "$.timeline[0].forceSkipMinor.reason", problem: "missing") {
            $0["timeline"] = [["at": "+1m", "action": "assign", "clusters": [:], "profile": "p@2", "forceSkipMinor": [:] as [String: Any]]]
        },
        Broken(label: "a force that is not an object", path: "$.timeline[0].forceSkipMinor", problem: "expected an object") {
            $0["timeline"] = [["at": "+1m", "action": "assign", "clusters": [:], "profile": "p@2", "forceSkipMinor": true]]
        },
        Broken(label: "a force reason of the wrong type", path: "$.timeline[0].forceSkipMinor.reason", problem: "expected a string") {
            $0["timeline"] = [["at": "+1m", "action": "assign", "clusters": [:], "profile": "p@2", "forceSkipMinor": ["reason": 131]]]
        },
        Broken(label: "a force naming its own actor", path: "$.timeline[0].forceSkipMinor.actor",
               problem: "is not taken: a force is recorded as the timeline entry's actor (alice)") {
            $0["timeline"] = [["at": "+1m", "action": "assign", "clusters": [:], "profile": "p@2", "actor": "alice",
                               "forceSkipMinor": ["reason": "certified", "actor": "bob"]]]
        },
        Broken(label: "a force on an approval", path: "$.timeline[0].forceSkipMinor", problem: "only an assign action takes forceSkipMinor") {
            $0["timeline"] = [["at": "+1m", "action": "approve", "clusters": [:], "forceSkipMinor": ["reason": "certified"]]]
        },
    ]

    @Test func aClassStatusAStatusActionAndAForcedMinorSkipRead() throws {
        var object = Self.valid
        object["fleet"] = [["class": "c", "count": 3, "profile": "p@1", "status": "provisioning"]]
        object["timeline"] = [
            ["at": "+1m", "action": "status", "clusters": ["classes": ["c"]], "status": "running", "actor": "inventory"],
            ["at": "+2m", "action": "assign", "clusters": [:], "profile": "p@2", "actor": "alice", "forceSkipMinor": ["reason": "certified"]],
        ]
        let scenario = try ScenarioParser.parse(Self.data(object), folder: ".")
        #expect(scenario.fleet.first?.status == .provisioning)
        guard case .status(let status) = scenario.timeline.first?.kind else {
            Issue.record("expected a status action, read \(String(describing: scenario.timeline.first?.kind))")
            return
        }
        #expect(status == .running)
        guard case .assign(let target, let force) = scenario.timeline.last?.kind else {
            Issue.record("expected an assign, read \(String(describing: scenario.timeline.last?.kind))")
            return
        }
        #expect(target == ProfileReference(name: "p", version: "2"))
        #expect(force == MinorSkipOverride(actor: "alice", reason: "certified"))
    }

    @Test func aClassWithoutAStatusIsRunningAndAnAssignWithoutAForceHasNone() throws {
        let scenario = try ScenarioParser.parse(Self.data(Self.valid), folder: ".")
        #expect(scenario.fleet.first?.status == .running)
        guard case .assign(_, let force) = scenario.timeline.first?.kind else {
            Issue.record("expected an assign")
            return
        }
        #expect(force == nil)
    }

    @Test func aSelectorNamesClustersByClassAndNumber() throws {
        var object = Self.valid
        object["timeline"] = [["at": "+1m", "action": "assign", "clusters": ["ids": ["c-00001", "c-00003"]], "profile": "p@2"]]
        let scenario = try ScenarioParser.parse(Self.data(object), folder: ".")
        #expect(scenario.timeline.first?.clusters.ids == ["c-00001", "c-00003"])
    }

    @Test(arguments: broken)
    func aBrokenScenarioNamesTheJSONPathAndTheProblem(_ case_: Broken) {
        case_.expectRefused(startingFrom: Self.valid)
    }

    @Test func invalidJSONIsNamedAtTheRoot() {
        #expect(throws: ScenarioError.self) { try ScenarioParser.parse(Data("{\"name\": ".utf8), folder: ".") }
    }
}
