@testable import Simulator
import Foundation
import Testing

/// Kubernetes outages that overlap on a cluster keep it down until the last of them ends.
@Suite("Overlapping Kubernetes outages")
struct OverlappingOutageTests {
    /// The tiny fleet assigned at +1m, with these outages (at, duration) over every cluster.
    func report(outages: [(String, String)]) throws -> SimulationReport {
        var object = ScenarioParserTests.valid
        object["faults"] = ["kubernetesOutages": outages.map { ["clusters": [String: Any](), "at": $0.0, "duration": $0.1] }]
        let scenario = try ScenarioParser.parse(BrokenScenario.data(object), folder: ".")
        return try Simulation(scenario: scenario, seed: 1, store: nil).run()
    }

    @Test func aClusterStaysDownUntilTheLastOfTwoOverlappingOutagesEnds() throws {
        let overlapping = try report(outages: [("+0s", "60m"), ("+30m", "60m")])
        let joined = try report(outages: [("+0s", "90m")])
        // Down from +0s to +90m either way: the deferred upgrades resume when the second outage ends.
        #expect(overlapping.makespanMs == joined.makespanMs)
        #expect(overlapping.makespanMs > 89 * 60_000)
    }

    @Test func anOutageInsideAnotherDoesNotBringTheClusterBackEarly() throws {
        let nested = try report(outages: [("+0s", "90m"), ("+10m", "20m")])
        let single = try report(outages: [("+0s", "90m")])
        #expect(nested.makespanMs == single.makespanMs)
    }
}
