import Foundation
import Simulator
import Testing

/// A change that starts no upgrade — to the template a deployment already runs, or one the
/// decider refuses — is done at once: it frees its rollout slot and its wave, and every refusal
/// recorded is counted in the summary.
@Suite("Changes that start no upgrade")
struct ChangeWithoutUpgradeTests {
    /// Three template clusters on t1 (`c-00001` … `c-00003`): the first "changed" to `firstTarget`,
    /// the other two to t2, under `policy`.
    static func templateFleet(firstTarget: String, policy: [String: Any]) throws -> Scenario {
        let object: [String: Any] = [
            "name": "template-no-op", "start": "2026-11-24T00:00:00Z", "profiles": [],
            "templates": [
                ["name": "t1", "kubernetesVersion": "v1.31.9", "upgrades": ["t2"]],
                ["name": "t2", "kubernetesVersion": "v1.32.5", "upgrades": []],
            ],
            "fleet": [[
                "class": "c", "count": 3, "kind": "template", "template": "t1", "infrastructure": "aws",
                "variables": ["worker": ["instanceType": "m6i.large"]], "controlPlane": 1, "workers": 1,
                "maxSurge": 1, "maxUnavailable": 0,
            ]],
            "policy": policy,
            "durations": ["machineRollout": ["fixed": "5m"], "drain": ["fixed": "1m"]],
            "timeline": [
                ["at": "+0s", "action": "changeTemplate", "clusters": ["ids": ["c-00001"]], "template": firstTarget],
                ["at": "+0s", "action": "changeTemplate", "clusters": ["ids": ["c-00002", "c-00003"]], "template": "t2"],
            ],
        ]
        return try ScenarioParser.parse(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), folder: ".")
    }

    static var oneAtATime: [String: Any] { ["maxConcurrentClusters": 1] }
    /// c-00001 and c-00002 make the canary wave, c-00003 the next one.
    static var twoWaves: [String: Any] { ["waves": [["name": "canary", "percent": 50], ["name": "rest", "percent": 50]]] }

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var firstTarget: String
        var policy: @Sendable () -> [String: Any]
        var statuses: [String: Int]
    }

    static let cases: [Case] = [
        Case(description: "its current template, one cluster at a time", firstTarget: "t1", policy: { oneAtATime },
             statuses: ["unchanged": 1, "succeeded": 2]),
        Case(description: "its current template, in the canary wave", firstTarget: "t1", policy: { twoWaves },
             statuses: ["unchanged": 1, "succeeded": 2]),
        Case(description: "a real change, one cluster at a time", firstTarget: "t2", policy: { oneAtATime },
             statuses: ["succeeded": 3]),
    ]

    @Test(arguments: cases)
    func givenAFleetWhenOneClusterIsChangedToWhatItRunsThenTheRestStillUpgrade(_ example: Case) throws {
        let report = try Simulation(scenario: try Self.templateFleet(firstTarget: example.firstTarget, policy: example.policy()),
                                    seed: 1, store: nil).run()
        #expect(Dictionary(uniqueKeysWithValues: report.byStatus) == example.statuses, "\(report.summary)")
        #expect(report.makespanMs > 0)
        let first = try #require(report.rows.first { $0.cluster == "c-00001" })
        if example.firstTarget == "t1" {
            #expect(first.deploymentStatus == "Not upgrading")
            #expect(first.startedMs == nil, "an unchanged cluster took no upgrade, so it has no duration")
        }
    }

    @Test func aChangeRefusedDuringAnUpgradeIsCountedInTheSummary() throws {
        // The variables change at +10m reaches c-00001 mid-upgrade: TemplateCommandRefused.
        let scenario = try ScenarioParser.parse(TemplateSimulationTests.small(surge: 1), folder: ".")
        let report = try Simulation(scenario: scenario, seed: 1, store: nil).run()
        #expect(report.templateRefusals == 1)
        #expect(report.edgeRefusals == 0)
        #expect(report.summary.contains { $0.hasPrefix("template deployments:") && $0.contains("; 1 changes refused;") }, "\(report.summary)")
        #expect(report.summary.contains("refused commands:      1 (0 edge, 1 template)"), "\(report.summary)")
        #expect(report.json.contains(#""refusedCommands":{"edge":0,"template":1}"#))
    }

    /// The factory fleet, cut down: one cluster on `firstOn` ahead of two on 3.2.0, all assigned
    /// 3.3.0 (Kubernetes 1.31.2) one at a time. 3.1.0 runs Kubernetes 1.32.0: 3.3.0 is a downgrade.
    static func edgeFleet(firstOn: String) throws -> Scenario {
        let source = URL(fileURLWithPath: "\(SimulationTests.scenarios)/factory-k3s-config-change.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        var profiles = try #require(object["profiles"] as? [[String: Any]])
        var newer = try #require(profiles.first { $0["version"] as? String == "3.2.0" })
        var packs = try #require(newer["packs"] as? [[String: Any]])
        let kubernetes = try #require(packs.firstIndex { $0["layer"] as? String == "kubernetes" })
        packs[kubernetes]["version"] = "1.32.0"
        (newer["version"], newer["packs"]) = ("3.1.0", packs)
        profiles.append(newer)
        var line = try #require((object["fleet"] as? [[String: Any]])?.first)
        line["count"] = 2
        var ahead = line
        (ahead["class"], ahead["count"], ahead["profile"]) = ("ahead", 1, firstOn)
        (object["profiles"], object["fleet"]) = (profiles, [ahead, line])
        object["faults"] = [:] as [String: Any]
        object["policy"] = ["maxConcurrentClusters": 1, "approval": ["mode": "never"], "stepTimeout": "10m"]
        object["timeline"] = [["at": "+0s", "action": "assign", "clusters": [:] as [String: Any], "profile": "factory@3.3.0", "actor": "ot-platform"]]
        return try ScenarioParser.parse(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), folder: SimulationTests.scenarios)
    }

    @Test func givenAnEdgeFleetWhenTheFirstClustersChangeIsRefusedThenTheRestStillUpgrade() throws {
        let report = try Simulation(scenario: try Self.edgeFleet(firstOn: "factory@3.1.0"), seed: 1, store: nil).run()
        #expect(Dictionary(uniqueKeysWithValues: report.byStatus) == ["refused": 1, "succeeded": 2], "\(report.summary)")
        let refused = try #require(report.rows.first { $0.status == "refused" })
        #expect(refused.cluster == "ahead-00001")
        #expect(refused.failure == "changeProfile refused: Kubernetes 1.32.0 → 1.31.2 is a downgrade")
        #expect(report.edgeRefusals == 1)
        #expect(report.summary.contains("refused commands:      1 (1 edge, 0 template)"), "\(report.summary)")
    }

    @Test func givenAnEdgeFleetWhenAClusterIsAssignedTheProfileItRunsThenTheRestStillUpgrade() throws {
        let report = try Simulation(scenario: try Self.edgeFleet(firstOn: "factory@3.3.0"), seed: 1, store: nil).run()
        #expect(report.byStatus.map(\.0) == ["succeeded"], "\(report.summary)")
        #expect(report.edgeRefusals == 0)
    }
}
