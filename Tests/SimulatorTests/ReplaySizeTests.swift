@testable import Simulator
import Foundation
import Testing

/// A replay holds every cluster in memory: one that asks for more nodes than `ReplaySize.maximumNodes`
/// or more clusters than `ReplaySize.maximumClusters` is refused before anything is simulated,
/// naming the counts, the limit and a `--scale` that fits.
@Suite("How large a replay may be")
struct ReplaySizeTests {
    /// The small valid scenario with one class of `count` clusters of `controlPlane` + `workers` nodes.
    func scenario(count: Int, controlPlane: Int = 1, workers: Int = 0, classes: Int = 1) throws -> Scenario {
        var object = ScenarioParserTests.valid
        object["fleet"] = (0..<classes).map { index in
            ["class": "c\(index)", "count": count, "profile": "p@1", "controlPlane": controlPlane, "workers": workers] as [String: Any]
        }
        object["timeline"] = []
        return try ScenarioParser.parse(BrokenScenario.data(object), folder: ".")
    }

    @Test func aFleetOfExactlyTheLimitIsAccepted() throws {
        let fleet = try scenario(count: 1_000_000, controlPlane: 1, workers: 4)
        #expect(ReplaySize.measure(fleet, scale: 1) == (clusters: 1_000_000, nodes: ReplaySize.maximumNodes))
        try ReplaySize.check(fleet, scale: 1)
    }

    @Test func nodesOverTheLimitAreRefusedWithTheCountAndAScaleThatFits() throws {
        let fleet = try scenario(count: 500_001, workers: 9)
        do {
            try ReplaySize.check(fleet, scale: 1)
            Issue.record("accepted 5,000,010 nodes")
        } catch {
            #expect(error.path == "$.fleet")
            #expect(error.problem == "the fleet is 5,000,010 nodes in 500,001 clusters, more than the 5,000,000 nodes one replay "
                + "simulates; replay a sample with --scale 0.9 or less")
        }
    }

    /// 5,000,000 one-node clusters ran a machine of 24 GiB out of memory: a cluster costs memory
    /// whatever its nodes, so clusters have their own limit.
    @Test func oneClusterOverTheLimitIsRefusedThoughItsNodesFit() throws {
        let fleet = try scenario(count: 1_000_001)
        do {
            try ReplaySize.check(fleet, scale: 1)
            Issue.record("accepted 1,000,001 clusters")
        } catch {
            #expect(error.path == "$.fleet")
            #expect(error.problem == "the fleet is 1,000,001 nodes in 1,000,001 clusters, more than the 1,000,000 clusters one "
                + "replay simulates; replay a sample with --scale 0.9 or less")
        }
        try ReplaySize.check(try scenario(count: 1_000_000), scale: 1)
    }

    /// Over both limits, the nodes are named, and the scale offered fits both.
    @Test func aFleetOverBothLimitsIsOfferedAScaleThatFitsBoth() throws {
        let fleet = try scenario(count: 6_000_000)
        do {
            try ReplaySize.check(fleet, scale: 1)
            Issue.record("accepted 6,000,000 clusters")
        } catch {
            #expect(error.problem == "the fleet is 6,000,000 nodes in 6,000,000 clusters, more than the 5,000,000 nodes one replay "
                + "simulates; replay a sample with --scale 0.1 or less")
        }
        let sampled = ReplaySize.measure(fleet, scale: 0.1)
        #expect(sampled.clusters <= ReplaySize.maximumClusters && sampled.nodes <= ReplaySize.maximumNodes)
        #expect(ReplaySize.measure(fleet, scale: 0.2).clusters > ReplaySize.maximumClusters)
    }

    /// The most a scenario can ask: 10,000,000 clusters of 7 + 1,000 nodes at `--scale 100`, some 10^12
    /// nodes, counted without overflow and refused before any cluster is made.
    @Test func theLargestFleetAScenarioCanAskForIsRefused() throws {
        let fleet = try scenario(count: 10_000_000, controlPlane: 7, workers: 1000)
        #expect(ReplaySize.measure(fleet, scale: 100) == (clusters: 1_000_000_000, nodes: 1_007_000_000_000))
        do {
            try ReplaySize.check(fleet, scale: 100)
            Issue.record("accepted 1,007,000,000,000 nodes")
        } catch {
            #expect(error.problem == "the fleet is 1,007,000,000,000 nodes in 1,000,000,000 clusters at --scale 100, more than the "
                + "5,000,000 nodes one replay simulates; replay a sample with --scale 0.0004 or less")
        }
        #expect(ReplaySize.measure(fleet, scale: 0.0004).nodes <= ReplaySize.maximumNodes)
    }

    /// `--scale` keeps at least one cluster of every class, so enough large classes never fit.
    @Test func aFleetThatFitsAtNoScaleSaysToMakeItsClassesFewerOrSmaller() throws {
        let fleet = try scenario(count: 2, controlPlane: 7, workers: 1000, classes: 5000)
        do {
            try ReplaySize.check(fleet, scale: 0.5)
            Issue.record("accepted 5,035,000 nodes")
        } catch {
            #expect(error.problem == "the fleet is 5,035,000 nodes in 5,000 clusters at --scale 0.5, more than the 5,000,000 nodes "
                + "one replay simulates; make its classes fewer or smaller")
        }
    }

    @Test func theScaleARunUsesIsTheOneMeasured() throws {
        let fleet = try scenario(count: 3, workers: 2)
        for scale in [0.01, 0.5, 1, 2.5, 100] {
            let simulated = Simulation(scenario: fleet, seed: 1, store: nil, scale: scale).scenario.fleet.map(\.count)
            #expect(simulated == fleet.fleet.map { ReplaySize.count($0, scale: scale) })
        }
    }
}
