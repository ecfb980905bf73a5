import Foundation
import Simulator
import Testing

/// A replay decides its profile changes with the service's guardrails: an RKE2 fleet assigned an
/// earlier revision of its distribution is refused, in either spelling of the version (ADR 0023).
@Suite("Distribution revisions in a replay")
struct RevisionStepDownReplayTests {
    /// Two RKE2 clusters on retail@1.0.0 (Kubernetes `from`), assigned retail@1.1.0 (`to`).
    static func fleet(from: String, to: String) throws -> Scenario {
        func profile(_ version: String, kubernetes: String) -> [String: Any] {
            ["name": "retail", "version": version, "distribution": "rke2", "packs": [
                ["layer": "kubernetes", "name": "edge-rke2", "version": kubernetes],
                ["layer": "network", "name": "cni-calico", "version": "3.28.0"],
            ]]
        }
        let object: [String: Any] = [
            "name": "revision", "start": "2026-11-24T22:00:00Z",
            "profiles": [profile("1.0.0", kubernetes: from), profile("1.1.0", kubernetes: to)],
            "fleet": [["class": "store", "count": 2, "kind": "edge", "infrastructure": "edge-native", "profile": "retail@1.0.0", "controlPlane": 1]],
            "policy": ["maxConcurrentClusters": 2, "stepTimeout": "30m", "maxRetries": 0],
            "durations": ["drain": ["fixed": "2m"], "reboot": ["fixed": "3m"], "nodeReady": ["fixed": "1m"]],
            "timeline": [["at": "+0s", "action": "assign", "clusters": [:] as [String: Any], "profile": "retail@1.1.0", "actor": "retail-platform"]],
        ]
        return try ScenarioParser.parse(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), folder: ".")
    }

    @Test(arguments: [("v1.30.4+rke2r2", "v1.30.4+rke2r1"), ("v1.30.4-rke2r2", "v1.30.4+rke2r1"), ("v1.31.2+rke2r10", "v1.31.2+rke2r9")])
    func anEarlierRevisionIsRefusedForEveryCluster(_ from: String, _ to: String) throws {
        let report = try Simulation(scenario: try Self.fleet(from: from, to: to), seed: 1, store: nil).run()
        #expect(Dictionary(uniqueKeysWithValues: report.byStatus) == ["refused": 2], "\(report.summary)")
        #expect(report.rows.map(\.failure) == Array(repeating: "changeProfile refused: Kubernetes \(from) → \(to) is a downgrade", count: 2))
        #expect(report.edgeRefusals == 2)
    }

    @Test(arguments: [("v1.30.4+rke2r1", "v1.30.4+rke2r2"), ("v1.30.4+rke2r9", "v1.30.4-rke2r10"), ("v1.30.4+rke2r1", "v1.30.4-rke2r1")])
    func aLaterRevisionOrAnotherSpellingOfTheSameIsAcceptedAsAReboot(_ from: String, _ to: String) throws {
        let report = try Simulation(scenario: try Self.fleet(from: from, to: to), seed: 1, store: nil).run()
        #expect(Dictionary(uniqueKeysWithValues: report.byStatus) == ["succeeded": 2], "\(report.summary)")
        #expect(Dictionary(uniqueKeysWithValues: report.byBehavior) == ["reboot": 2], "\(report.summary)")
        #expect(report.edgeRefusals == 0)
    }
}
