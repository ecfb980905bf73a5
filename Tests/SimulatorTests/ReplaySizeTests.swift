@testable import Simulator
import Foundation
import Testing

/// A replay holds every cluster in memory: one whose fleet is estimated to need more than
/// `ReplaySize.memoryBudget` is refused before anything is simulated, naming the counts, the
/// estimate and a `--scale` that fits.
@Suite("How large a replay may be")
struct ReplaySizeTests {
    /// The small valid scenario with one class of `count` clusters of `controlPlane` + `workers` nodes
    /// (template deployments with `template`).
    func scenario(count: Int, controlPlane: Int = 1, workers: Int = 0, classes: Int = 1, template: Bool = false) throws -> Scenario {
        var object = ScenarioParserTests.valid
        object["fleet"] = (0..<classes).map { index in
            ["class": "c\(index)", "count": count, "profile": "p@1", "controlPlane": controlPlane, "workers": workers] as [String: Any]
        }
        object["timeline"] = []
        var parsed = try ScenarioParser.parse(BrokenScenario.data(object), folder: ".")
        if template {
            for index in parsed.fleet.indices { parsed.fleet[index].template = TemplateClassSettings(template: "t") }
        }
        return parsed
    }

    /// The problem `check` refuses `fleet` with at `scale`, or nil when it accepts it.
    func refusal(_ fleet: Scenario, scale: Double = 1) -> String? {
        do {
            try ReplaySize.check(fleet, scale: scale)
            return nil
        } catch {
            #expect(error.path == "$.fleet")
            return error.problem
        }
    }

    /// 5,000,000 nodes in 500,000 clusters were replayed in 6.9 GB (ADR 0022), and a million
    /// one-node clusters take less.
    @Test func theFleetsMeasuredWithinTheBudgetAreAccepted() throws {
        let measured = try scenario(count: 500_000, workers: 9)
        #expect(ReplaySize.measure(measured, scale: 1) == (clusters: 500_000, nodes: 5_000_000, bytes: 9_500_000_000))
        #expect(refusal(measured) == nil)
        #expect(refusal(try scenario(count: 1_000_000)) == nil)
    }

    /// 5,000,000 one-node clusters ran a machine of 24 GiB out of memory: clusters cost memory
    /// whatever their nodes.
    @Test func manySmallClustersAreRefusedWithTheEstimateAndAScaleThatFits() throws {
        let fleet = try scenario(count: 5_000_000)
        #expect(refusal(fleet) == "the fleet is 5,000,000 nodes in 5,000,000 clusters, some 32.0 GB of memory to replay, more than "
            + "the 10.0 GB one replay may use; replay a sample with --scale 0.3 or less")
        #expect(refusal(fleet, scale: 0.3) == nil)
        #expect(refusal(fleet, scale: 0.4) != nil)
    }

    /// A template deployment holds its Cluster API objects: the same fleet fits as edge clusters
    /// and not as templates.
    @Test func templateClustersWeighMoreThanEdgeClusters() throws {
        #expect(refusal(try scenario(count: 400_000, controlPlane: 3, workers: 3)) == nil)
        #expect(refusal(try scenario(count: 400_000, controlPlane: 3, workers: 3, template: true))
            == "the fleet is 2,400,000 nodes in 400,000 clusters, some 12.4 GB of memory to replay, more than the 10.0 GB one "
            + "replay may use; replay a sample with --scale 0.8 or less")
    }

    /// The most a scenario can ask: 10,000,000 clusters of 7 + 1,000 nodes at `--scale 100`, some 10^12
    /// nodes, counted without overflow and refused before any cluster is made.
    @Test func theLargestFleetAScenarioCanAskForIsRefused() throws {
        let fleet = try scenario(count: 10_000_000, controlPlane: 7, workers: 1000)
        let measured = ReplaySize.measure(fleet, scale: 100)
        #expect(measured.clusters == 1_000_000_000 && measured.nodes == 1_007_000_000_000)
        #expect(refusal(fleet, scale: 100) == "the fleet is 1,007,000,000,000 nodes in 1,000,000,000 clusters at --scale 100, some "
            + "1,414,800 GB of memory to replay, more than the 10.0 GB one replay may use; replay a sample with --scale 0.0007 or less")
        #expect(ReplaySize.measure(fleet, scale: 0.0007).bytes <= ReplaySize.memoryBudget)
    }

    /// `--scale` keeps at least one cluster of every class, so enough large classes never fit.
    @Test func aFleetThatFitsAtNoScaleSaysToMakeItsClassesFewerOrSmaller() throws {
        let fleet = try scenario(count: 2, controlPlane: 7, workers: 1000, classes: 8000)
        #expect(refusal(fleet, scale: 0.5) == "the fleet is 8,056,000 nodes in 8,000 clusters at --scale 0.5, some 11.3 GB of memory "
            + "to replay, more than the 10.0 GB one replay may use; make its classes fewer or smaller")
    }

    @Test func theScaleARunUsesIsTheOneMeasured() throws {
        let fleet = try scenario(count: 3, workers: 2)
        for scale in [0.01, 0.5, 1, 2.5, 100] {
            let simulated = Simulation(scenario: fleet, seed: 1, store: nil, scale: scale).scenario.fleet.map(\.count)
            #expect(simulated == fleet.fleet.map { ReplaySize.count($0, scale: scale) })
        }
    }
}
