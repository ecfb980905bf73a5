@testable import Simulator
import Foundation
import Testing
import UpgradeDomain

/// Spans and sums too large to multiply or add in `Int64` still give exact figures.
@Suite("Long spans in the report")
struct LongSpanTests {
    @Test func bucketsOfASpanTooLongToMultiplyStillSplitItEvenly() {
        var series = TimeSeries()
        let end = Int64.max / 2
        series.record(0, 1)
        series.record(end / 2 + 1, 2)
        // (end - 0) * 120 is far past Int64.max.
        let maxima = series.maxima(from: 0, to: end, buckets: 120)
        #expect(maxima.count == 120)
        #expect(maxima.prefix(60).allSatisfy { $0 == 1 })
        #expect(maxima.suffix(60).allSatisfy { $0 == 2 })
    }

    @Test func bucketsOfAnOrdinarySpanAreTheSameAsBefore() {
        // span * part / parts, as it was computed before, for a span that fits.
        for (span, part, parts) in [(Int64(1_000_003), 7, 120), (86_400_000, 120, 120), (5, 1, 120)] {
            #expect(TimeSeries.share(of: span, part: part, of: parts) == span * Int64(part) / Int64(parts))
        }
    }

    @Test func theMeanApprovalWaitOfWaitsTooLongToAddIsExact() {
        let long = Int64.max / 2
        #expect(SimulationReport.mean([long, long, long - 3]) == long - 1)
        #expect(SimulationReport.mean([1, 2, 4]) == 2)
        #expect(SimulationReport.mean([]) == 0)
    }

    @Test func aKubernetesOutageOfAHundredYearsIsSimulatedToItsEnd() throws {
        var object = ScenarioParserTests.valid
        object["faults"] = ["kubernetesOutages": [["clusters": [:], "at": "+0s", "duration": "36500d"]]]
        let scenario = try ScenarioParser.parse(BrokenScenario.data(object), folder: ".")
        let report = try Simulation(scenario: scenario, seed: 1, store: nil).run()
        #expect(report.byStatus.map(\.0) == ["succeeded"])
        #expect(report.makespanMs >= 36_500 * 86_400_000 - 60_000)
        #expect(report.runningBuckets.count == 120)
    }

    /// A start an hour before the store's last instant and an outage of two hours: the outage's end
    /// would be dated in year 10000, so the simulation stops there instead of recording it.
    @Test func aSimulationStopsAtTheFirstEventPastTheLastInstantTheStoreDates() throws {
        var object = ScenarioParserTests.valid
        object["start"] = "9999-12-31T23:00:00Z"
        object["faults"] = ["kubernetesOutages": [["clusters": [:], "at": "+0s", "duration": "2h"]]]
        let scenario = try ScenarioParser.parse(BrokenScenario.data(object), folder: ".")
        do {
            _ = try Simulation(scenario: scenario, seed: 1, store: nil).run()
            Issue.record("simulated past 9999-12-31T23:59:59.999Z")
        } catch let past as EventPastLastInstant {
            #expect(past.atMs > RFC3339.lastMillisecond && past.atMs <= scenario.startMs + 7_200_000, "\(past)")
        }
    }
}
